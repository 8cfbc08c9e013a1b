/**
 * An S3 server for the backup benchmark in a process of its own, so that the service and the
 * bare upload it is compared with each talk to a server that does not share their event loop.
 * Run directly, it starts s3rver (test/helpers/s3.ts) and prints its endpoint on stdout.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface S3rverProcess {
  /** host:port */
  readonly endpoint: string;
  stop(): void;
}

export async function startS3rverProcess(): Promise<S3rverProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
    child.stdout.once("data", (line: Buffer) => resolve(line.toString().trim()));
  });
  const stop = () => child.kill();
  process.once("exit", stop);
  return { endpoint, stop };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startTestS3 } = await import("../../test/helpers/s3.ts");
  const s3 = await startTestS3(["weaviate-backups"]);
  process.stdout.write(`${s3.endpoint}\n`);
  process.once("SIGTERM", () => void s3.stop().then(() => process.exit(0)));
}
