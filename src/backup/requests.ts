/**
 * Backup and restore request bodies (reference §5.3, §5.5) → checked parameters, with Weaviate's
 * messages. Class selection (include / exclude with `*` wildcards) is shared by both.
 */
import { constants as zlib } from "node:zlib";
import { unprocessable } from "../errors/index.ts";
import { type ChunkCompression, workersFor } from "./compression.ts";
import type { CompressionType } from "./format.ts";
import type { BackupBackendName, BackupLocation } from "./ports.ts";

/** The `config` of a backup or restore request, in Weaviate's field names. */
export interface BackupConfigInput {
  CPUPercentage?: number;
  CompressionLevel?: string;
  Bucket?: string;
  Path?: string;
}

/** POST /v1/backups/{backend}, as its transport parsed it. */
export interface BackupCreateRequest {
  id: string;
  include?: readonly string[];
  exclude?: readonly string[];
  config?: BackupConfigInput;
}

/** POST /v1/backups/{backend}/{id}/restore, as its transport parsed it. */
export interface BackupRestoreRequest {
  include?: readonly string[];
  exclude?: readonly string[];
  config?: BackupConfigInput;
  /** Node names of the backup → this node's (Weaviate's node_mapping). */
  nodeMapping?: Readonly<Record<string, string>>;
}

/** `filesystem` / `backup-filesystem`, `s3` / `backup-s3`; anything else is not enabled here. */
export function backendName(raw: string, enabled: ReadonlySet<BackupBackendName>): BackupBackendName {
  const name = raw.replace(/^backup-/, "");
  if ((name === "filesystem" || name === "s3") && enabled.has(name)) return name;
  throw unprocessable(`no backup backend "${raw}": backup: ${raw} not found, did you enable the right module?`);
}

export function checkId(id: string): string {
  if (!/^[a-z0-9_-]+$/.test(id)) {
    throw unprocessable(`invalid backup id: '${id}' allowed characters are lowercase, 0-9, _, -`);
  }
  return id;
}

const matches = (pattern: string, name: string) =>
  pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;

/** Applies include / exclude (wildcards allowed) to `available`; `missing` words the unknown name. */
export function selectClasses(
  request: { include?: readonly string[]; exclude?: readonly string[] },
  available: readonly string[],
  messages: { missing(name: string): string; empty(): string },
): string[] {
  const include = request.include ?? [];
  const exclude = request.exclude ?? [];
  if (include.length > 0 && exclude.length > 0) {
    throw unprocessable("malformed request: 'include' and 'exclude' cannot both contain values");
  }
  for (const name of include) {
    if (!name.endsWith("*") && !available.includes(name)) throw unprocessable(messages.missing(name));
  }
  const selected = available.filter((name) =>
    include.length > 0 ? include.some((pattern) => matches(pattern, name)) : !exclude.some((pattern) => matches(pattern, name)),
  );
  if (selected.length === 0) throw unprocessable(messages.empty());
  return selected;
}

export interface BackupConfig {
  compression: ChunkCompression;
  location: BackupLocation;
}

/**
 * CompressionLevel names → codec and level. zstd levels follow what Weaviate's Go zstd encoder
 * calls fastest / default / best (roughly zstd 1, 3 and 11).
 */
const compressionLevels: Record<string, { type: CompressionType; level: number }> = {
  DefaultCompression: { type: "gzip", level: zlib.Z_DEFAULT_COMPRESSION },
  BestSpeed: { type: "gzip", level: zlib.Z_BEST_SPEED },
  BestCompression: { type: "gzip", level: zlib.Z_BEST_COMPRESSION },
  ZstdBestSpeed: { type: "zstd", level: 1 },
  ZstdDefaultCompression: { type: "zstd", level: 3 },
  ZstdBestCompression: { type: "zstd", level: 11 },
  NoCompression: { type: "none", level: 0 },
};

const DEFAULT_CPU_PERCENTAGE = 50;

/** `config`: CPUPercentage (1..80: compression threads), CompressionLevel, Bucket, Path. */
export function parseConfig(config: BackupConfigInput = {}): BackupConfig {
  const cpu = config.CPUPercentage ?? DEFAULT_CPU_PERCENTAGE;
  if (cpu < 1 || cpu > 80) {
    throw unprocessable(`invalid config: CPUPercentage must be between 1 and 80, got ${JSON.stringify(cpu)}`);
  }
  const level = config.CompressionLevel ?? "DefaultCompression";
  const chosen = compressionLevels[level];
  if (!chosen) {
    throw unprocessable(
      `invalid config: CompressionLevel ${JSON.stringify(level)} is not one of ${Object.keys(compressionLevels).join(", ")}`,
    );
  }
  const bucket = config.Bucket ? config.Bucket : undefined;
  const path = config.Path ? config.Path : undefined;
  return { compression: { ...chosen, workers: workersFor(cpu) }, location: { bucket, path } };
}
