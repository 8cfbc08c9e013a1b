/**
 * A real S3 server for tests: s3rver on 127.0.0.1, a random port, a fresh temp directory, and
 * the backend options to reach it. s3rver checks signatures against its one account
 * (S3RVER / S3RVER), so wrong credentials are refused as by S3.
 */
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { rm } from "node:fs/promises";
import type { S3BackendOptions } from "../../src/backup-backends/index.ts";
import { tempDir } from "./server.ts";

/** The part of s3rver's API we use (it ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: Array<{ name: string }>;
}) => S3rverInstance;

const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;

export const s3rverCredentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface TestS3 {
  /** host:port, as BACKUP_S3_ENDPOINT takes it. */
  readonly endpoint: string;
  /** Options for an S3Backend on `bucket` (default: the bucket created at start). */
  options(overrides?: Partial<S3BackendOptions>): S3BackendOptions;
  stop(): Promise<void>;
}

/** Starts s3rver with the given buckets already created. */
export async function startTestS3(buckets: string[]): Promise<TestS3> {
  const directory = await tempDir("wv-s3rver-");
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  const endpoint = `127.0.0.1:${address.port}`;
  return {
    endpoint,
    options: (overrides = {}) => ({
      bucket: buckets[0] ?? "backups",
      path: "",
      endpoint,
      useSsl: false,
      region: "us-east-1",
      credentials: s3rverCredentials,
      autoCreate: false,
      partSizeBytes: 5 * 1024 * 1024,
      ...overrides,
    }),
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The server variables that point offload-s3 at this S3 server (ENABLE_MODULES included; add
 * other modules by overriding it).
 */
export function offloadEnv(s3: TestS3, bucket = "weaviate-offload"): Record<string, string> {
  return {
    ENABLE_MODULES: "offload-s3",
    OFFLOAD_S3_BUCKET: bucket,
    OFFLOAD_S3_ENDPOINT: `http://${s3.endpoint}`,
    AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
  };
}
