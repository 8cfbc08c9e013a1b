/**
 * Starts the real service for tests: RocksDB in a fresh temp dir, HTTP on 127.0.0.1 with a
 * free port. In-process by default; `startChildServer` runs `src/main.ts` in its own process for
 * the restart and SIGKILL tests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type DestinationStream, pino } from "pino";
import { type RunningApp, startApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/index.ts";
import { loggerOptions } from "../../src/http/logging.ts";

export async function tempDir(prefix = "wv-test-"): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export interface TestServer {
  url: string;
  dataPath: string;
  app: RunningApp;
  /** Stops the service and keeps the data directory. */
  stop(): Promise<void>;
  /** Stops the service and removes the data directory. */
  dispose(): Promise<void>;
}

export interface TestServerOptions {
  /** Where the service's JSON log lines go (instead of nowhere); at `logLevel`, default debug. */
  logStream?: DestinationStream;
  logLevel?: string;
}

export async function startTestServer(
  env: Record<string, string> = {},
  dataPath?: string,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dir = dataPath ?? (await tempDir());
  const config = loadConfig({
    HOST: "127.0.0.1",
    PORT: "0",
    GRPC_PORT: "0",
    PERSISTENCE_DATA_PATH: dir,
    CLUSTER_HOSTNAME: "node1",
    VECTOR_INDEX_SAVE_INTERVAL_SECONDS: "0",
    ...env,
  });
  const logger = options.logStream
    ? pino(loggerOptions(options.logLevel ?? "debug"), options.logStream)
    : pino({ level: process.env["TEST_LOG_LEVEL"] ?? "silent" });
  const app = await startApp(config, logger);
  return {
    url: app.url,
    dataPath: dir,
    app,
    stop: () => app.stop(),
    dispose: async () => {
      await app.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code / signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

const root = path.resolve(import.meta.dirname, "../..");

/** Runs the service as `node --import tsx src/main.ts` and waits for its "ready" log line. */
export async function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", GRPC_PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split("\n")) {
        if (!line.includes('"msg":"ready"')) continue;
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${JSON.parse(line).port}`);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before ready:\n${output}`));
    });
  });
  return { url, child, exited, output: () => output };
}
