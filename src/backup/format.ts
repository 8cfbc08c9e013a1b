/**
 * What a backup stores besides the shard data, following Weaviate's layout (reference §5.6):
 *   <prefix>/<id>/backup_config.json     the backup as a whole, written last
 *   <prefix>/<id>/<node>/backup.json     this node's classes, shards and chunk files
 *   <prefix>/<id>/<node>/<Class>/chunk-<n>   one shard snapshot each (shards/snapshot.ts), compressed
 * Field names follow Weaviate's descriptors where they exist; the chunk payload is our own format,
 * and `formatVersion` records it so a newer format is refused rather than misread.
 */

import type { TenantStatus } from "../domain/index.ts";

/** Bumped whenever the chunk payload or these descriptors change incompatibly. */
export const BACKUP_FORMAT_VERSION = 1;
/** The descriptor version Weaviate writes today (reported for tools that read it). */
export const DESCRIPTOR_VERSION = "2.1";

export type BackupStatus =
  | "STARTED"
  | "TRANSFERRING"
  | "TRANSFERRED"
  | "FINALIZING"
  | "SUCCESS"
  | "FAILED"
  | "CANCELLING"
  | "CANCELED";

export type CompressionType = "gzip" | "zstd" | "none";

/** One stored file: where it is, what it holds and how to check it. */
export interface ChunkDescriptor {
  /** Relative to `<prefix>/<id>/`. */
  key: string;
  shard: string;
  sha256: string;
  /** Bytes stored (after compression). */
  bytes: number;
  /** Bytes of the snapshot stream before compression. */
  preCompressionSizeBytes: number;
}

export interface ClassDescriptor {
  name: string;
  backupId: string;
  /** The class definition, base64 of its JSON (as Weaviate stores it). */
  schema: string;
  shards: Array<{ name: string; node: string; objectCount: number }>;
  /**
   * Single-tenant classes: which shard holds which objects, base64 of its JSON (Weaviate stores
   * its sharding state the same way). Backups made before it existed have one shard per class.
   */
  shardingState?: string;
  chunks: ChunkDescriptor[];
  preCompressionSizeBytes: number;
  /**
   * Multi-tenant classes: every tenant with the state it comes back in. ACTIVE and INACTIVE
   * tenants have a chunk each (named after the tenant); OFFLOADED ones only their state.
   */
  tenants?: Array<{ name: string; activityStatus: TenantStatus }>;
}

/** `<node>/backup.json`. */
export interface NodeBackupDescriptor {
  id: string;
  startedAt: string;
  completedAt: string;
  classes: ClassDescriptor[];
  status: BackupStatus;
  version: string;
  formatVersion: number;
  serverVersion: string;
  error?: string;
  preCompressionSizeBytes: number;
  compressionType: CompressionType;
}

/** `backup_config.json`. */
export interface BackupDescriptor {
  id: string;
  startedAt: string;
  completedAt: string;
  nodes: Record<string, { classes: string[]; status: BackupStatus; error?: string; preCompressionSizeBytes: number }>;
  node_mapping: Record<string, string> | null;
  status: BackupStatus;
  version: string;
  formatVersion: number;
  serverVersion: string;
  leader: string;
  error?: string;
  preCompressionSizeBytes: number;
  compressionType: CompressionType;
}

export const BACKUP_CONFIG_KEY = "backup_config.json";
export const nodeDescriptorKey = (node: string) => `${node}/backup.json`;
export const chunkKey = (node: string, className: string, n: number) => `${node}/${className}/chunk-${n}`;
