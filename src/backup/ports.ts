/**
 * The backend port the backup use case consumes: a place that stores the files of a backup under
 * `<prefix>/<id>/<key>`. Filesystem and S3 implement it (src/backup/backends); both pass the same
 * contract suite (test/integration/backup-backends.test.ts).
 */
import type { Readable } from "node:stream";
import type { Collection, Tenant } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import type { SnapshotSource } from "./write.ts";

/** The backends we implement, by their `{backend}` path value. */
export type BackupBackendName = "filesystem" | "s3";

/** Per-request overrides of where a backup goes (the request's `config.Bucket` / `config.Path`). */
export interface BackupLocation {
  /** S3 only: another bucket than BACKUP_S3_BUCKET. Ignored by the filesystem backend. */
  readonly bucket?: string;
  /** S3: another prefix than BACKUP_S3_PATH. Filesystem: another root; must be absolute. */
  readonly path?: string;
}

/** A body to store: a stream is consumed as it goes, never buffered whole. */
export type BackupBody = NodeJS.ReadableStream | Buffer | string;

/** Where backups are stored. Every method rejects ids and keys that could leave the root. */
export interface BackupBackend {
  readonly name: BackupBackendName;
  /** Where backup `id` lives, as Weaviate prints it: "<root>/<id>" or "s3://<bucket>/<path>/<id>". */
  home(id: string, location?: BackupLocation): string;
  /**
   * Fails fast with an AppError naming the bucket / endpoint / directory when the backend cannot
   * be written to. Leaves nothing behind. Bounded by timeouts: never hangs.
   */
  checkAccess(id: string, location?: BackupLocation): Promise<void>;
  /** Stores `body` at `<prefix>/<id>/<key>`; a partly written body is never visible under the key. */
  write(
    id: string,
    key: string,
    body: BackupBody,
    location?: BackupLocation,
  ): Promise<{ bytes: number }>;
  /** Streams `<prefix>/<id>/<key>`; a missing key rejects with an AppError of code NOT_FOUND. */
  read(id: string, key: string, location?: BackupLocation): Promise<NodeJS.ReadableStream>;
  /** True when `<prefix>/<id>/<key>` exists. */
  exists(id: string, key: string, location?: BackupLocation): Promise<boolean>;
  /** The backup ids directly under the prefix (one level, sorted), for listing. */
  listIds(location?: BackupLocation): Promise<string[]>;
  /** Removes every key of backup `id` (cleaning a failed attempt); a missing backup is fine. */
  remove(id: string, location?: BackupLocation): Promise<void>;
}

/**
 * The rule every backend applies before touching storage, so an id or key can never name
 * anything outside its root: '/'-separated segments, none empty, '.' or '..', and no backslash,
 * NUL or percent-encoded slash anywhere. Returns the segments.
 */
export function safeSegments(what: "backup id" | "key" | "path", value: string): string[] {
  const bad = (why: string) => unprocessable(`invalid backup ${what} '${value}': ${why}`);
  if (value === "") throw bad("must not be empty");
  if (value.includes("\0")) throw bad("contains a NUL character");
  if (value.includes("\\")) throw bad("contains a backslash");
  if (/%(2f|5c|00)/i.test(value)) throw bad("contains an encoded slash");
  if (value.startsWith("/")) throw bad("must be relative");
  const segments = value.split("/");
  for (const segment of segments) {
    if (segment === "") throw bad("contains an empty segment");
    if (segment === "." || segment === "..") throw bad(`contains a '${segment}' segment`);
  }
  return segments;
}

/** Checks a backup id: one safe segment. */
export function checkBackupId(id: string): string {
  const segments = safeSegments("backup id", id);
  if (segments.length !== 1) throw unprocessable(`invalid backup id '${id}': contains a '/'`);
  return id;
}

/** The collections, as backups read and restore them. */
export interface BackupCatalog {
  list(): Collection[];
  get(name: string): Collection | undefined;
  /** All or none; refuses existing classes before `place` runs (CollectionService.restore). */
  restore(definitions: readonly Collection[], place: (className: string) => Promise<void>): Promise<void>;
}

/** The shards, as backups read and restore them. */
export interface BackupShards {
  /** Every shard with data on this node: a class's one, or each local tenant's. */
  shardsOf(className: string): SnapshotSource[];
  /** A multi-tenant class's tenants with the states they come back in; undefined otherwise. */
  tenantsOf(className: string): Tenant[] | undefined;
  /** A single-tenant class's sharding state, stored with its shards; undefined otherwise. */
  shardingStateOf(className: string): unknown;
  /** Records a restored class's tenants (before the class becomes visible). */
  restoreTenants(className: string, tenants: readonly Tenant[]): Promise<void>;
  /** Forgets the tenants recorded for a class whose restore failed. */
  forgetTenants(className: string): Promise<void>;
  /** A fresh directory to build restored shards in (removed by a restart if left behind). */
  stagingDir(label: string): Promise<string>;
  /** Builds (and closes) one shard in `dir` from a decompressed snapshot stream. */
  loadStaged(dir: string, shardName: string, definition: Collection, snapshot: Readable): Promise<void>;
  /**
   * Moves `<staged>` (one directory per shard) into place as the class's storage, with the
   * sharding state the backup recorded (undefined: derived from the shard directories).
   */
  placeCollection(className: string, staged: string, shardingState: unknown): Promise<void>;
}
