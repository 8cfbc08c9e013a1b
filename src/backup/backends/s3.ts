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
  S3Client,
} from "@aws-sdk/client-s3";
import { AppError, notFound, unprocessable } from "../../errors/index.ts";
import { partsOf, uploadMultipart } from "./s3-multipart.ts";
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

const minPartSize = 5 * 1024 * 1024;
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
    this.#partSize = Math.max(minPartSize, options.partSizeBytes ?? 8 * 1024 * 1024);
    this.#client = new S3Client({
      region: options.region,
      endpoint: options.endpoint
        ? `${options.useSsl ? "https" : "http"}://${options.endpoint}`
        : undefined,
      forcePathStyle: true,
      // A copy: the SDK marks credential objects it is given (a frozen config object breaks it).
      credentials: options.credentials ? { ...options.credentials } : undefined,
      maxAttempts: options.maxAttempts ?? 3,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? 3_000,
        // socketTimeout is the inactivity timeout that also covers a stalled body; this SDK's
        // requestTimeout only bounds the wait for headers, and only logs when it expires.
        socketTimeout: options.requestTimeoutMs ?? 30_000,
      },
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
    const parts = partsOf(source, this.#partSize);
    try {
      const first = await parts.next();
      const firstPart = first.done ? Buffer.alloc(0) : first.value;
      // A short first part is the whole body: one PUT. A full one may have more behind it; the
      // multipart upload starts right away so its first part travels while the next is read.
      if (firstPart.length < this.#partSize) {
        await this.#client.send(
          new PutObjectCommand({ Bucket: bucket, Key: objectKey, Body: firstPart, ContentLength: firstPart.length }),
        );
        return { bytes: firstPart.length };
      }
      return await uploadMultipart(this.#client, bucket, objectKey, firstPart, parts);
    } catch (error) {
      await parts.return(undefined);
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
    return failure(error, { bucket, endpoint: this.#endpoint, action });
  }
}

/** What an SDK error carries that we look at. */
interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const asSdkError = (error: unknown): SdkError =>
  typeof error === "object" && error !== null ? (error as SdkError) : {};

function isMissingBucket(error: unknown): boolean {
  return asSdkError(error).name === "NoSuchBucket";
}

/** NoSuchKey from GET, a bare 404 from HEAD. */
function isMissingKey(error: unknown): boolean {
  const { name, $metadata } = asSdkError(error);
  return name === "NoSuchKey" || name === "NotFound" || $metadata?.httpStatusCode === 404;
}

const deniedNames = new Set([
  "AccessDenied",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "InvalidToken",
  "ExpiredToken",
  "Forbidden",
]);
const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** Turns any failure into an AppError whose message names the bucket and the endpoint. */
function failure(
  error: unknown,
  where: { bucket: string; endpoint: string; action: string },
): AppError {
  if (error instanceof AppError) return error;
  const { name = "Error", code, message = String(error), $metadata } = asSdkError(error);
  const { bucket, endpoint, action } = where;
  let text: string;
  if (name === "NoSuchBucket") {
    text =
      `bucket '${bucket}' does not exist at endpoint '${endpoint}' ` +
      "(create it, or set BACKUP_S3_BUCKET_AUTO_CREATE=true)";
  } else if (deniedNames.has(name) || $metadata?.httpStatusCode === 403) {
    text = `access to bucket '${bucket}' at endpoint '${endpoint}' denied (${name}): check the credentials`;
  } else if (
    (code !== undefined && networkCodes.has(code)) ||
    name === "TimeoutError" ||
    name === "RequestTimeout"
  ) {
    text = `cannot reach endpoint '${endpoint}' for bucket '${bucket}': ${message}`;
  } else {
    text = `${action} in bucket '${bucket}' at endpoint '${endpoint}' failed: ${name}: ${message}`;
  }
  return new AppError("UNPROCESSABLE", `backup-s3: ${text}`, { cause: error });
}
