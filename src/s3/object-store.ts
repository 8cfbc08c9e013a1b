/**
 * One S3-compatible object store, the adapter both backup-s3 and offload-s3 are built on: one
 * client (s3/client.ts), streaming puts (s3/upload.ts), reads, lookups, deletes, prefix listings
 * and bucket checks, every failure an AppError naming the module, the bucket and the endpoint
 * (s3/errors.ts). Buckets are passed per call because a backup request may name its own.
 */
import { Readable } from "node:stream";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import { AppError } from "../errors/index.ts";
import { createS3Client, type S3ClientOptions } from "./client.ts";
import { isMissingBucket, isMissingKey, s3Failure } from "./errors.ts";
import { DEFAULT_PART_SIZE, MIN_PART_SIZE, putStream } from "./upload.ts";

export interface S3ObjectStoreOptions extends S3ClientOptions {
  /** Who speaks in messages: "backup-s3", "offload-s3". */
  module: string;
  /** How the endpoint is named in messages. */
  endpointName: string;
  /** The variable that makes the module create a missing bucket (named in messages). */
  autoCreateVariable: string;
  /** Multipart part size; S3 requires at least 5 MiB. Default 8 MiB. */
  partSizeBytes?: number | undefined;
}

/** A body to store: bytes, or a stream consumed as it goes. */
export type ObjectBody = string | Buffer | AsyncIterable<string | Buffer> | Iterable<Buffer>;

export class S3ObjectStore {
  readonly #client: S3Client;
  readonly #options: S3ObjectStoreOptions;
  readonly #partSize: number;

  constructor(options: S3ObjectStoreOptions) {
    this.#options = options;
    this.#partSize = Math.max(MIN_PART_SIZE, options.partSizeBytes ?? DEFAULT_PART_SIZE);
    this.#client = createS3Client(options);
  }

  /** How messages name the endpoint. */
  get endpoint(): string {
    return this.#options.endpointName;
  }

  /** The AppError for a failure of `action` on `bucket`: named, with the SDK error as cause. */
  failure(error: unknown, bucket: string, action: string): AppError {
    const { module, endpointName, autoCreateVariable } = this.#options;
    return s3Failure(error, { module, bucket, endpoint: endpointName, action, autoCreateVariable });
  }

  /** Stores `body` at `key` (one PUT, or a multipart upload past one part); a partial body never shows. */
  async put(bucket: string, key: string, body: ObjectBody): Promise<{ bytes: number }> {
    const source = typeof body === "string" || Buffer.isBuffer(body) ? [Buffer.from(body)] : body;
    try {
      return await putStream(this.#client, bucket, key, source, this.#partSize);
    } catch (error) {
      throw this.failure(error, bucket, `write of '${key}'`);
    }
  }

  /** The object at `key` as a stream; undefined when there is none. */
  async get(bucket: string, key: string): Promise<Readable | undefined> {
    try {
      const output = await this.#client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (output.Body instanceof Readable) return output.Body;
      throw new AppError("INTERNAL", `${this.#options.module}: '${key}' came back without a stream`);
    } catch (error) {
      if (isMissingKey(error)) return undefined;
      throw this.failure(error, bucket, `read of '${key}'`);
    }
  }

  /** The object at `key` as text; undefined when there is none. */
  async getText(bucket: string, key: string): Promise<string | undefined> {
    const stream = await this.get(bucket, key);
    if (!stream) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString("utf8");
  }

  async exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissingKey(error)) return false;
      throw this.failure(error, bucket, `lookup of '${key}'`);
    }
  }

  /** Deletes `key`; a missing one is fine. */
  async delete(bucket: string, key: string): Promise<void> {
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (!isMissingKey(error)) throw this.failure(error, bucket, `removal of '${key}'`);
    }
  }

  /** Deletes every object under `prefix`, a listing page at a time. */
  async deletePrefix(bucket: string, prefix: string): Promise<void> {
    try {
      let token: string | undefined;
      do {
        const page = await this.#client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        const keys = (page.Contents ?? []).flatMap((item) => (item.Key ? [{ Key: item.Key }] : []));
        if (keys.length > 0) {
          await this.#client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.failure(error, bucket, `removal of '${prefix}'`);
    }
  }

  /** The names one level below `prefix` (a delimiter listing), sorted. */
  async listChildren(bucket: string, prefix: string): Promise<string[]> {
    const names: string[] = [];
    try {
      let token: string | undefined;
      do {
        const page = await this.#client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: "/", ContinuationToken: token }),
        );
        for (const common of page.CommonPrefixes ?? []) {
          const name = common.Prefix?.slice(prefix.length, -1);
          if (name) names.push(name);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.failure(error, bucket, `listing of '${prefix}'`);
    }
    return names.sort();
  }

  /**
   * Whether `bucket` exists (bounded by `timeoutMs` as a whole, retries included, so a first use
   * fails within seconds against a dead endpoint).
   */
  async bucketExists(bucket: string, timeoutMs: number): Promise<boolean> {
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) });
      return true;
    } catch (error) {
      if (isMissingKey(error) || isMissingBucket(error)) return false;
      throw this.failure(error, bucket, "bucket check");
    }
  }

  async createBucket(bucket: string): Promise<void> {
    try {
      await this.#client.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
      throw this.failure(error, bucket, "bucket creation");
    }
  }

  /** Closes the client's sockets; the store is unusable afterwards. */
  destroy(): void {
    this.#client.destroy();
  }
}

/** Whether an AppError from this store says the bucket is missing (for callers that may create it). */
export function isMissingBucketFailure(error: unknown): boolean {
  return error instanceof AppError && isMissingBucket((error as { cause?: unknown }).cause);
}
