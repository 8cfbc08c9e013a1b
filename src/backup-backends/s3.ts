/**
 * backup-s3: backups as objects `<prefix>/<id>/<key>` in an S3 bucket, on the S3 object store
 * shared with offload-s3 (s3/): path-style addressing, checksums only when an operation requires
 * them, bodies past one part as a multipart upload. Every failure is an AppError naming the
 * bucket and the endpoint.
 */
import { notFound, unprocessable } from "../errors/index.ts";
import { isMissingBucketFailure, S3ObjectStore } from "../s3/index.ts";
import {
  type BackupBackend,
  type BackupBody,
  type BackupLocation,
  checkBackupId,
  safeSegments,
} from "../backup/index.ts";

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
  readonly #store: S3ObjectStore;
  readonly #options: S3BackendOptions;

  constructor(options: S3BackendOptions) {
    this.#options = options;
    this.#store = new S3ObjectStore({
      module: "backup-s3",
      endpointName: options.endpoint ?? `s3.${options.region}.amazonaws.com`,
      autoCreateVariable: "BACKUP_S3_BUCKET_AUTO_CREATE",
      region: options.region,
      endpointUrl: options.endpoint ? `${options.useSsl ? "https" : "http"}://${options.endpoint}` : undefined,
      credentials: options.credentials,
      connectionTimeoutMs: options.connectionTimeoutMs,
      inactivityTimeoutMs: options.requestTimeoutMs,
      maxAttempts: options.maxAttempts,
      partSizeBytes: options.partSizeBytes,
    });
  }

  home(id: string, location?: BackupLocation): string {
    const { bucket, dir } = this.#target(id, location);
    return `s3://${bucket}/${dir}`;
  }

  /** Writes and deletes a probe object, as Weaviate does (creating a missing bucket if so configured). */
  async checkAccess(id: string, location?: BackupLocation): Promise<void> {
    const { bucket, dir } = this.#target(id, location);
    const probe = `${dir}/access-check`;
    try {
      await this.#store.put(bucket, probe, "");
    } catch (error) {
      if (!isMissingBucketFailure(error) || !this.#options.autoCreate) throw this.#accessFailure(error, bucket);
      await this.#store.createBucket(bucket);
      await this.#store.put(bucket, probe, "");
    }
    await this.#store.delete(bucket, probe);
  }

  async write(id: string, key: string, body: BackupBody, location?: BackupLocation): Promise<{ bytes: number }> {
    const { bucket, objectKey } = this.#object(id, key, location);
    return this.#store.put(bucket, objectKey, body as string | Buffer | AsyncIterable<Buffer>);
  }

  async read(id: string, key: string, location?: BackupLocation): Promise<NodeJS.ReadableStream> {
    const { bucket, objectKey } = this.#object(id, key, location);
    const stream = await this.#store.get(bucket, objectKey);
    if (!stream) throw notFound(`backup file '${key}' of backup '${id}' not found in bucket '${bucket}'`);
    return stream;
  }

  async exists(id: string, key: string, location?: BackupLocation): Promise<boolean> {
    const { bucket, objectKey } = this.#object(id, key, location);
    return this.#store.exists(bucket, objectKey);
  }

  async listIds(location?: BackupLocation): Promise<string[]> {
    const prefix = this.#prefix(location);
    return this.#store.listChildren(this.#bucket(location), prefix === "" ? "" : `${prefix}/`);
  }

  async remove(id: string, location?: BackupLocation): Promise<void> {
    const { bucket, dir } = this.#target(id, location);
    return this.#store.deletePrefix(bucket, `${dir}/`);
  }

  /** Closes the client's sockets; the backend is unusable afterwards. */
  destroy(): void {
    this.#store.destroy();
  }

  /** A failed probe is reported as the access check it was. */
  #accessFailure(error: unknown, bucket: string) {
    return this.#store.failure((error as { cause?: unknown }).cause ?? error, bucket, "access check");
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
}
