/**
 * backup-s3: backups as objects `<prefix>/<id>/<key>` in an S3 bucket, through @aws-sdk/client-s3
 * set up for S3-compatible servers (MinIO, s3rver): path-style addressing, checksums only when an
 * operation requires them. Bodies larger than one part go as a multipart upload, a few parts in
 * flight at a time. Every failure is an AppError naming the bucket and the endpoint.
 */
import { Readable } from "node:stream";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { AppError, notFound, unprocessable } from "../../errors/index.ts";
import {
  createS3Client,
  DEFAULT_PART_SIZE,
  isMissingBucket,
  isMissingKey,
  MIN_PART_SIZE,
  putStream,
  s3Failure,
} from "../../s3/index.ts";
import {
  type BackupBackend,
  type BackupBody,
  type BackupLocation,
  checkBackupId,
  safeSegments,
} from "../ports.ts";

/** What the S3 backend needs (Config's `backup.s3` has this shape, plus optional tuning). */
export interface S3BackendOptions {
  readonly bucket: string;
  /** Key prefix (BACKUP_S3_PATH); "" for the bucket's root. */
  readonly path: string;
  /** host[:port] without scheme; undefined for AWS itself. */
  readonly endpoint: string | undefined;
  readonly useSsl: boolean;
  readonly region: string;
  /** Static credentials; undefined for the SDK's default chain (IAM, profiles, ...). */
  readonly credentials:
    | { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined }
    | undefined;
  /** Create a missing bucket on checkAccess instead of failing. */
  readonly autoCreate: boolean;
  /** Multipart part size; S3 requires at least 5 MiB. Default 8 MiB. */
  readonly partSizeBytes?: number;
  /** TCP connect timeout per attempt. Default 3 s. */
  readonly connectionTimeoutMs?: number;
  /** Socket inactivity timeout per request. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Attempts per request, retries included. Default 3. */
  readonly maxAttempts?: number;
}

const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

interface Target {
  readonly bucket: string;
  /** `<prefix>/<id>` or `<id>`, no trailing slash. */
  readonly dir: string;
}

export class S3Backend implements BackupBackend {
  readonly name = "s3" as const;
  readonly #client: S3Client;
  readonly #options: S3BackendOptions;
  readonly #endpoint: string;
  readonly #partSize: number;

  constructor(options: S3BackendOptions) {
    this.#options = options;
    this.#endpoint = options.endpoint ?? `s3.${options.region}.amazonaws.com`;
    this.#partSize = Math.max(MIN_PART_SIZE, options.partSizeBytes ?? DEFAULT_PART_SIZE);
    this.#client = createS3Client({
      region: options.region,
      endpointUrl: options.endpoint ? `${options.useSsl ? "https" : "http"}://${options.endpoint}` : undefined,
      credentials: options.credentials,
      connectionTimeoutMs: options.connectionTimeoutMs,
      inactivityTimeoutMs: options.requestTimeoutMs,
      maxAttempts: options.maxAttempts,
    });
  }

  home(id: string, location?: BackupLocation): string {
    const { bucket, dir } = this.#target(id, location);
    return `s3://${bucket}/${dir}`;
  }

  async checkAccess(id: string, location?: BackupLocation): Promise<void> {
    const target = this.#target(id, location);
    const probe = { Bucket: target.bucket, Key: `${target.dir}/access-check`, Body: "", ContentLength: 0 };
    try {
      try {
        await this.#client.send(new PutObjectCommand(probe));
      } catch (error) {
        if (!isMissingBucket(error) || !this.#options.autoCreate) throw error;
        await this.#client.send(new CreateBucketCommand({ Bucket: target.bucket }));
        await this.#client.send(new PutObjectCommand(probe));
      }
      await this.#client.send(new DeleteObjectCommand({ Bucket: probe.Bucket, Key: probe.Key }));
    } catch (error) {
      throw this.#fail(error, target.bucket, "access check");
    }
  }

  async write(
    id: string,
    key: string,
    body: BackupBody,
    location?: BackupLocation,
  ): Promise<{ bytes: number }> {
    const { bucket, objectKey } = this.#object(id, key, location);
    const source = typeof body === "string" || Buffer.isBuffer(body) ? [Buffer.from(body)] : body;
    try {
      return await putStream(this.#client, bucket, objectKey, source, this.#partSize);
    } catch (error) {
      throw this.#fail(error, bucket, `write of '${objectKey}'`);
    }
  }

  async read(id: string, key: string, location?: BackupLocation): Promise<NodeJS.ReadableStream> {
    const { bucket, objectKey } = this.#object(id, key, location);
    try {
      const output = await this.#client.send(
        new GetObjectCommand({ Bucket: bucket, Key: objectKey }),
      );
      if (!(output.Body instanceof Readable)) {
        throw new AppError("INTERNAL", `backup-s3: '${objectKey}' came back without a stream`);
      }
      return output.Body;
    } catch (error) {
      if (isMissingKey(error)) {
        throw notFound(`backup file '${key}' of backup '${id}' not found in bucket '${bucket}'`);
      }
      throw this.#fail(error, bucket, `read of '${objectKey}'`);
    }
  }

  async exists(id: string, key: string, location?: BackupLocation): Promise<boolean> {
    const { bucket, objectKey } = this.#object(id, key, location);
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey }));
      return true;
    } catch (error) {
      if (isMissingKey(error)) return false;
      throw this.#fail(error, bucket, `lookup of '${objectKey}'`);
    }
  }

  async listIds(location?: BackupLocation): Promise<string[]> {
    const bucket = this.#bucket(location);
    const prefix = this.#prefix(location);
    const start = prefix === "" ? "" : `${prefix}/`;
    const ids: string[] = [];
    try {
      let token: string | undefined;
      do {
        const page = await this.#client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: start,
            Delimiter: "/",
            ContinuationToken: token,
          }),
        );
        for (const common of page.CommonPrefixes ?? []) {
          const id = common.Prefix?.slice(start.length, -1);
          if (id) ids.push(id);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.#fail(error, bucket, `listing of '${start}'`);
    }
    return ids.sort();
  }

  async remove(id: string, location?: BackupLocation): Promise<void> {
    const { bucket, dir } = this.#target(id, location);
    try {
      let token: string | undefined;
      do {
        const page = await this.#client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: `${dir}/`, ContinuationToken: token }),
        );
        const keys = (page.Contents ?? []).flatMap((item) => (item.Key ? [{ Key: item.Key }] : []));
        if (keys.length > 0) {
          await this.#client.send(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
          );
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.#fail(error, bucket, `removal of '${dir}/'`);
    }
  }

  /** Closes the client's sockets; the backend is unusable afterwards. */
  destroy(): void {
    this.#client.destroy();
  }

  #bucket(location?: BackupLocation): string {
    const bucket = location?.bucket || this.#options.bucket;
    if (!bucketPattern.test(bucket)) throw unprocessable(`invalid S3 bucket name '${bucket}'`);
    return bucket;
  }

  #prefix(location?: BackupLocation): string {
    const raw = (location?.path ?? this.#options.path).replace(/^\/+|\/+$/g, "");
    return raw === "" ? "" : safeSegments("path", raw).join("/");
  }

  #target(id: string, location?: BackupLocation): Target {
    const prefix = this.#prefix(location);
    checkBackupId(id);
    return { bucket: this.#bucket(location), dir: prefix === "" ? id : `${prefix}/${id}` };
  }

  #object(id: string, key: string, location?: BackupLocation) {
    const { bucket, dir } = this.#target(id, location);
    return { bucket, objectKey: `${dir}/${safeSegments("key", key).join("/")}` };
  }

  #fail(error: unknown, bucket: string, action: string): AppError {
    return s3Failure(error, {
      module: "backup-s3",
      bucket,
      endpoint: this.#endpoint,
      action,
      autoCreateVariable: "BACKUP_S3_BUCKET_AUTO_CREATE",
    });
  }
}

