/**
 * offload-s3: OFFLOADED tenants as objects in an S3 bucket, on the S3 object store shared with
 * backup-s3 (s3/: path-style, checksums only where required, timeouts). The tenants use case's
 * OffloadStore port, implemented here.
 *
 * A copy is `<Class>/<tenant>/shard.tar` (the shard directory, see archive.ts) plus
 * `<Class>/<tenant>/offload.json`, the manifest with the tar's SHA-256, written last: a copy
 * without a manifest is absent, so an upload that dies half-way never looks like a whole copy.
 */
import { mkdir, rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { S3OffloadConfig } from "../config/index.ts";
import { AppError, notFound, unprocessable } from "../errors/index.ts";
import { Tally, tallyOf } from "../lib/index.ts";
import { S3ObjectStore } from "../s3/index.ts";
import type { OffloadStore } from "../tenants/index.ts";
import { ArchiveError, type Manifest, packDirectory, parseManifest, unpackInto } from "./archive.ts";

/** Tuning beyond the config; tests shrink the part size. */
export interface S3OffloadTuning {
  /** Multipart part size; S3 requires at least 5 MiB. Default 8 MiB. */
  readonly partSizeBytes?: number;
  /** TCP connect timeout per attempt. Default 3 s. */
  readonly connectionTimeoutMs?: number;
  /** Socket inactivity timeout per request, response body included. Default 30 s. */
  readonly inactivityTimeoutMs?: number;
}

const bucketCheckTimeoutMs = 10_000;
// Validated upstream already; checked again because these become key segments.
const classPattern = /^[A-Z][_0-9A-Za-z]*$/;
const tenantPattern = /^[A-Za-z0-9_-]{1,64}$/;

export class S3OffloadStore implements OffloadStore {
  readonly description: string;
  readonly #store: S3ObjectStore;
  readonly #config: S3OffloadConfig;
  #bucketReady: Promise<void> | undefined;

  constructor(config: S3OffloadConfig, tuning: S3OffloadTuning = {}) {
    this.#config = config;
    const endpoint = config.endpoint ?? `https://s3.${config.region}.amazonaws.com`;
    this.description = `s3://${config.bucket} at ${endpoint}`;
    this.#store = new S3ObjectStore({
      module: "offload-s3",
      endpointName: endpoint,
      autoCreateVariable: "OFFLOAD_S3_BUCKET_AUTO_CREATE",
      region: config.region,
      endpointUrl: config.endpoint,
      credentials: config.credentials,
      connectionTimeoutMs: tuning.connectionTimeoutMs,
      inactivityTimeoutMs: tuning.inactivityTimeoutMs,
      partSizeBytes: tuning.partSizeBytes,
    });
  }

  async upload(className: string, tenant: string, dir: string): Promise<{ bytes: number; sha256: string }> {
    const keys = this.#keys(className, tenant);
    await this.#ensureBucket();
    const bucket = this.#config.bucket;
    let action = `removal of the old manifest '${keys.manifest}'`;
    try {
      // First: from here until the new manifest is written, the copy reads as absent.
      await this.#store.delete(bucket, keys.manifest);
      action = `upload of '${keys.data}'`;
      const packed = await packDirectory(dir);
      const sent = await this.#put(keys.data, packed.chunks);
      action = `verification of '${keys.data}'`;
      await this.#verify(keys.data, sent);
      action = `write of the manifest '${keys.manifest}'`;
      const createdAt = new Date().toISOString();
      const manifest: Manifest = { formatVersion: 1, ...sent, files: packed.files(), createdAt };
      await this.#store.put(bucket, keys.manifest, JSON.stringify(manifest));
      return sent;
    } catch (error) {
      throw this.#fail(error, action);
    }
  }

  async download(className: string, tenant: string, dir: string): Promise<{ bytes: number }> {
    const keys = this.#keys(className, tenant);
    const copy = `the offloaded copy of tenant "${tenant}" of class ${className} in ${this.description}`;
    const damaged = (detail: string) => new AppError("UNPROCESSABLE", `offload-s3: ${copy} is damaged: ${detail}`);
    try {
      await this.#ensureBucket();
      const manifest = await this.#readManifest(className, tenant, keys.manifest);
      await mkdir(dir, { recursive: true });
      const data = await this.#store.get(this.#config.bucket, keys.data);
      if (!data) throw damaged(`'${keys.data}' is missing`);
      const got = await unpackInto(data, dir);
      if (got.sha256 !== manifest.sha256 || got.bytes !== manifest.bytes) {
        throw damaged(
          `read ${got.bytes} bytes with sha256 ${got.sha256}, ` +
            `the manifest says ${manifest.bytes} bytes with sha256 ${manifest.sha256}`,
        );
      }
      return { bytes: got.bytes };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      if (error instanceof ArchiveError && error.kind === "damaged") throw damaged(error.message);
      throw this.#fail(error, `download of '${keys.data}' into '${dir}'`);
    }
  }

  async exists(className: string, tenant: string): Promise<boolean> {
    const keys = this.#keys(className, tenant);
    await this.#ensureBucket();
    return this.#store.exists(this.#config.bucket, keys.manifest);
  }

  async remove(className: string, tenant: string): Promise<void> {
    const keys = this.#keys(className, tenant);
    await this.#ensureBucket();
    // The manifest first, so a removal cut short leaves an absent copy rather than a broken one.
    for (const key of [keys.manifest, keys.data]) await this.#store.delete(this.#config.bucket, key);
  }

  /** Closes the client's sockets; the store is unusable afterwards. */
  destroy(): void {
    this.#store.destroy();
  }

  #keys(className: string, tenant: string): { data: string; manifest: string } {
    if (!classPattern.test(className)) throw unprocessable(`offload-s3: invalid class name '${className}'`);
    if (!tenantPattern.test(tenant)) throw unprocessable(`offload-s3: invalid tenant name '${tenant}'`);
    const prefix = `${className}/${tenant}`;
    return { data: `${prefix}/shard.tar`, manifest: `${prefix}/offload.json` };
  }

  /** Checks the bucket once (creating it if so configured); a failed check is retried next time. */
  #ensureBucket(): Promise<void> {
    this.#bucketReady ??= this.#checkBucket().catch((error: unknown) => {
      this.#bucketReady = undefined;
      throw error;
    });
    return this.#bucketReady;
  }

  async #checkBucket(): Promise<void> {
    const bucket = this.#config.bucket;
    if (await this.#store.bucketExists(bucket, bucketCheckTimeoutMs)) return;
    if (!this.#config.autoCreate) {
      throw unprocessable(
        `offload-s3: bucket '${bucket}' does not exist at endpoint '${this.#store.endpoint}' ` +
          "(create it, or set OFFLOAD_S3_BUCKET_AUTO_CREATE=true)",
      );
    }
    await this.#store.createBucket(bucket);
  }

  /** Streams `chunks` to `key`: one PUT when it fits a part, else a multipart upload. */
  async #put(key: string, chunks: AsyncIterable<Buffer>): Promise<{ bytes: number; sha256: string }> {
    const tally = new Tally();
    await this.#store.put(this.#config.bucket, key, tally.tallied(chunks));
    return { bytes: tally.bytes, sha256: tally.sha256 };
  }

  /** Reads `key` back and compares it with what was sent; a mismatching object is deleted. */
  async #verify(key: string, sent: { bytes: number; sha256: string }): Promise<void> {
    const stored = await tallyOf(await this.#read(key));
    if (stored.sha256 === sent.sha256 && stored.bytes === sent.bytes) return;
    await this.#store.delete(this.#config.bucket, key).catch(() => undefined);
    throw new AppError(
      "UNPROCESSABLE",
      `offload-s3: '${key}' in ${this.description} does not match what was sent (sent ${sent.bytes} bytes ` +
        `with sha256 ${sent.sha256}, stored ${stored.bytes} with ${stored.sha256}); deleted it`,
    );
  }

  async #read(key: string): Promise<Readable> {
    const stream = await this.#store.get(this.#config.bucket, key);
    if (stream) return stream;
    throw new AppError("UNPROCESSABLE", `offload-s3: '${key}' is missing from ${this.description} right after its upload`);
  }

  /** offload.json; a missing one is NOT_FOUND (the copy is absent), a malformed one a damaged copy. */
  async #readManifest(className: string, tenant: string, key: string): Promise<Manifest> {
    const text = await this.#store.getText(this.#config.bucket, key);
    if (text === undefined) {
      throw notFound(
        `offloaded copy of tenant "${tenant}" of class ${className} not found in s3://${this.#config.bucket}`,
      );
    }
    const manifest = parseManifest(text);
    if (manifest) return manifest;
    throw new ArchiveError("damaged", `the manifest '${key}' is malformed or of an unknown format`);
  }

  #fail(error: unknown, action: string): AppError {
    if (error instanceof ArchiveError) {
      return new AppError(
        "UNPROCESSABLE",
        `offload-s3: ${action} for bucket '${this.#config.bucket}' at endpoint '${this.#store.endpoint}' failed: ${error.message}`,
        { cause: error },
      );
    }
    return this.#store.failure(error, this.#config.bucket, action);
  }
}

/** The store for `config`; the bucket is checked on first use, not here. */
export function createOffloadStore(config: S3OffloadConfig): S3OffloadStore {
  return new S3OffloadStore(config);
}
