/**
 * Writing a backup's data: each shard's snapshot streamed through compression and a SHA-256 into
 * one chunk file, then the node descriptor. Nothing is held in memory beyond the stream buffers.
 * The caller (the coordinator) writes backup_config.json last, once everything here succeeded.
 */
import { PassThrough, type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Collection, Tenant } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { Tally } from "../lib/index.ts";
import { type ChunkCompression, compressor } from "./compression.ts";
import {
  BACKUP_FORMAT_VERSION,
  type ChunkDescriptor,
  type ClassDescriptor,
  chunkKey,
  DESCRIPTOR_VERSION,
  type NodeBackupDescriptor,
  nodeDescriptorKey,
} from "./format.ts";
import type { BackupBackend, BackupLocation } from "./ports.ts";

/** One shard as a backup reads it: opened for the while (a closed tenant's shard too). */
export interface SnapshotSource {
  readonly name: string;
  open(): Promise<OpenSnapshot>;
}

export interface OpenSnapshot {
  readonly objectCount: number;
  /** The shard's data as one framed stream (shards/snapshot.ts encodeSnapshot). */
  snapshot(): Readable;
  /** Closes again what `open` opened for the backup alone. */
  release(): Promise<void>;
}

/** What a backup reads: the classes, their shards and tenants (the consumer's view). */
export interface BackupSource {
  collection(className: string): Collection | undefined;
  shardsOf(className: string): SnapshotSource[];
  /** A multi-tenant class's tenants as they are to be restored; undefined for other classes. */
  tenantsOf(className: string): Tenant[] | undefined;
  /** A single-tenant class's sharding state (which shard holds which objects), opaque here. */
  shardingStateOf?(className: string): unknown;
}

export interface BackupProgress {
  /** Called as bytes are stored, with the running totals. */
  onBytes?(bytes: number): void;
  /** Called when a chunk file is complete. */
  onFile?(): void;
  /** Cancelled or failed elsewhere: stop at the next chunk. */
  signal?: AbortSignal;
}

export interface WriteBackupRequest {
  id: string;
  node: string;
  classes: string[];
  compression: ChunkCompression;
  serverVersion: string;
  location?: BackupLocation;
  startedAt: Date;
}

async function writeChunk(
  backend: BackupBackend,
  request: WriteBackupRequest,
  key: string,
  name: string,
  shard: OpenSnapshot,
  progress: BackupProgress,
): Promise<ChunkDescriptor> {
  let raw = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      raw += chunk.length;
      done(null, chunk);
    },
  });
  const stored = new Tally();
  const body = new PassThrough();
  const upload = backend.write(request.id, key, body, request.location);
  // A failed upload stops reading the shard instead of leaving the pipeline waiting forever.
  upload.catch((error: Error) => body.destroy(error));
  await Promise.all([
    pipeline(shard.snapshot(), counting, compressor(request.compression), stored.transform(progress.onBytes), body, {
      signal: progress.signal,
    }),
    upload,
  ]);
  return { key, shard: name, sha256: stored.sha256, bytes: stored.bytes, preCompressionSizeBytes: raw };
}

/** Writes every shard of `request.classes` and this node's backup.json; returns the descriptor. */
export async function writeBackupData(
  backend: BackupBackend,
  source: BackupSource,
  request: WriteBackupRequest,
  progress: BackupProgress = {},
): Promise<NodeBackupDescriptor> {
  const classes: ClassDescriptor[] = [];
  for (const className of request.classes) {
    const collection = source.collection(className);
    if (!collection) throw unprocessable(`class ${className} was deleted while it was being backed up`);
    const chunks: ChunkDescriptor[] = [];
    const shards: ClassDescriptor["shards"] = [];
    for (const [n, source_] of source.shardsOf(className).entries()) {
      progress.signal?.throwIfAborted();
      const shard = await source_.open();
      try {
        const key = chunkKey(request.node, className, n);
        chunks.push(await writeChunk(backend, request, key, source_.name, shard, progress));
        shards.push({ name: source_.name, node: request.node, objectCount: shard.objectCount });
      } finally {
        await shard.release();
      }
      progress.onFile?.();
    }
    const tenants = source.tenantsOf(className);
    const shardingState = source.shardingStateOf?.(className);
    classes.push({
      name: className,
      backupId: request.id,
      schema: Buffer.from(JSON.stringify(collection)).toString("base64"),
      ...(shardingState !== undefined ? { shardingState: Buffer.from(JSON.stringify(shardingState)).toString("base64") } : {}),
      shards,
      chunks,
      preCompressionSizeBytes: chunks.reduce((sum, chunk) => sum + chunk.preCompressionSizeBytes, 0),
      ...(tenants ? { tenants } : {}),
    });
  }
  const descriptor: NodeBackupDescriptor = {
    id: request.id,
    startedAt: request.startedAt.toISOString(),
    completedAt: new Date().toISOString(),
    classes,
    status: "SUCCESS",
    version: DESCRIPTOR_VERSION,
    formatVersion: BACKUP_FORMAT_VERSION,
    serverVersion: request.serverVersion,
    preCompressionSizeBytes: classes.reduce((sum, c) => sum + c.preCompressionSizeBytes, 0),
    compressionType: request.compression.type,
  };
  await backend.write(request.id, nodeDescriptorKey(request.node), JSON.stringify(descriptor), request.location);
  return descriptor;
}
