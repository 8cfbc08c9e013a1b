/** Entry point: read the environment, start the service, stop it cleanly on SIGTERM / SIGINT. */
import { pino } from "pino";
import { startApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config/index.ts";
import { loggerOptions } from "./http/logging.ts";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = pino(loggerOptions(config.logLevel));
  const app = await startApp(config, logger);
  const stop = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    try {
      await app.stop();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
