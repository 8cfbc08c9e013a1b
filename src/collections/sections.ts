/**
 * Rules and defaults for the class-level config sections that are not about vectors or
 * properties: inverted index, multi-tenancy, replication and sharding. Shared by create and
 * update, which is why each validator takes the raw section and returns it unchanged or throws.
 */
import type { MultiTenancyConfig } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { deepMerge, isMissing, isPlainObject, type JsonObject } from "./json.ts";

function requireObject(value: unknown, field: string): JsonObject | undefined {
  if (isMissing(value)) return undefined;
  if (!isPlainObject(value)) throw unprocessable(`${field} must be a JSON object`);
  return value;
}

function requireBool(section: JsonObject, key: string, field: string): void {
  const value = section[key];
  if (!isMissing(value) && typeof value !== "boolean") {
    throw unprocessable(`${field}.${key} must be a boolean`);
  }
}

function requireInt(section: JsonObject, key: string, field: string, min: number): void {
  const value = section[key];
  if (isMissing(value)) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw unprocessable(`${field}.${key} must be an integer of at least ${min}`);
  }
}

/** Stopword presets Weaviate ships. */
export const stopwordPresets: readonly string[] = ["en", "none"];

function checkBm25(value: unknown): void {
  const bm25 = requireObject(value, "invertedIndexConfig.bm25");
  if (!bm25) return;
  const { b, k1 } = bm25;
  if (!isMissing(b) && (typeof b !== "number" || b < 0 || b > 1)) {
    throw unprocessable("BM25.b must be a number between 0 and 1");
  }
  if (!isMissing(k1) && (typeof k1 !== "number" || k1 < 0)) {
    throw unprocessable("BM25.k1 must be a number of at least 0");
  }
}

function checkStopwords(value: unknown): void {
  const stopwords = requireObject(value, "invertedIndexConfig.stopwords");
  if (!stopwords) return;
  const preset = stopwords["preset"];
  if (!isMissing(preset) && (typeof preset !== "string" || !stopwordPresets.includes(preset))) {
    throw unprocessable(`stopwordPreset ${String(preset)} does not exist`);
  }
  for (const key of ["additions", "removals"]) {
    const list = stopwords[key];
    if (isMissing(list)) continue;
    if (!Array.isArray(list) || !list.every((word) => typeof word === "string")) {
      throw unprocessable(`invertedIndexConfig.stopwords.${key} must be an array of strings`);
    }
  }
}

/** Throws 422 unless `value` is a valid (partial) invertedIndexConfig. */
export function validateInvertedIndexConfig(value: unknown): JsonObject | undefined {
  const field = "invertedIndexConfig";
  const section = requireObject(value, field);
  if (!section) return undefined;
  checkBm25(section["bm25"]);
  checkStopwords(section["stopwords"]);
  requireInt(section, "cleanupIntervalSeconds", field, 0);
  for (const key of ["indexTimestamps", "indexNullState", "indexPropertyLength", "usingBlockMaxWAND"]) {
    requireBool(section, key, field);
  }
  return section;
}

/** The inverted index section as GET shows it; user values win, unknown keys are kept. */
export function invertedIndexWithDefaults(input: JsonObject | undefined): JsonObject {
  const defaults: JsonObject = {
    bm25: { b: 0.75, k1: 1.2 },
    cleanupIntervalSeconds: 60,
    stopwords: { preset: "en", additions: null, removals: null },
    usingBlockMaxWAND: true,
  };
  const merged = deepMerge(defaults, input);
  // 0 means "unset" in Weaviate's Go model, so it gets the default too.
  if (merged["cleanupIntervalSeconds"] === 0) merged["cleanupIntervalSeconds"] = 60;
  return merged;
}

/** Throws 422 unless `value` is a valid (partial) multiTenancyConfig; auto-tenant flags need MT. */
export function validateMultiTenancyConfig(value: unknown): Partial<MultiTenancyConfig> | undefined {
  const field = "multiTenancyConfig";
  const section = requireObject(value, field);
  if (!section) return undefined;
  for (const key of ["enabled", "autoTenantCreation", "autoTenantActivation"]) {
    requireBool(section, key, field);
  }
  checkAutoTenantFlags(section as Partial<MultiTenancyConfig>);
  return section as Partial<MultiTenancyConfig>;
}

/** Auto-tenant behaviours only make sense on multi-tenant classes. */
export function checkAutoTenantFlags(config: Partial<MultiTenancyConfig>): void {
  if (config.enabled === true) return;
  if (config.autoTenantCreation === true) {
    throw unprocessable("can't enable autoTenantCreation on a non-multi-tenant class");
  }
  if (config.autoTenantActivation === true) {
    throw unprocessable("can't enable autoTenantActivation on a non-multi-tenant class");
  }
}

/** All three booleans, always present (clients read them unconditionally). */
export function multiTenancyWithDefaults(input: Partial<MultiTenancyConfig> | undefined): MultiTenancyConfig {
  return {
    enabled: input?.enabled ?? false,
    autoTenantCreation: input?.autoTenantCreation ?? false,
    autoTenantActivation: input?.autoTenantActivation ?? false,
  };
}

/** Weaviate's replica conflict strategies. */
export const deletionStrategies: readonly string[] = [
  "NoAutomatedResolution",
  "DeleteOnConflict",
  "TimeBasedResolution",
];

/** Throws 422 unless `value` is a valid (partial) replicationConfig. */
export function validateReplicationConfig(value: unknown): JsonObject | undefined {
  const field = "replicationConfig";
  const section = requireObject(value, field);
  if (!section) return undefined;
  // 0 is Go's "unset" and becomes the minimum factor.
  requireInt(section, "factor", field, 0);
  requireBool(section, "asyncEnabled", field);
  const strategy = section["deletionStrategy"];
  if (!isMissing(strategy) && (typeof strategy !== "string" || !deletionStrategies.includes(strategy))) {
    throw unprocessable(
      `replicationConfig.deletionStrategy must be one of ${deletionStrategies.join(", ")}, got ${JSON.stringify(strategy)}`,
    );
  }
  return section;
}

/**
 * Replication as Weaviate 1.32 shows it: factor at least 1, async replication off,
 * NoAutomatedResolution (1.36 moved the default to TimeBasedResolution).
 */
export function replicationWithDefaults(input: JsonObject | undefined): JsonObject {
  const merged = deepMerge({ asyncEnabled: false, deletionStrategy: "NoAutomatedResolution", factor: 1 }, input);
  if (typeof merged["factor"] !== "number" || merged["factor"] < 1) merged["factor"] = 1;
  return merged;
}

/**
 * Every shard is a RocksDB keyspace and a vector index on this one node, and every virtual shard
 * an entry of the persisted sharding state, so both counts are bounded (ours: Weaviate has no
 * bound, and a mistyped count would exhaust file handles or memory instead of failing cleanly).
 */
export const MAX_SHARDS = 256;
export const MAX_VIRTUAL_SHARDS = 65_536;

function checkShardBounds(section: JsonObject): void {
  const desired = typeof section["desiredCount"] === "number" ? section["desiredCount"] : 1;
  const perPhysical = typeof section["virtualPerPhysical"] === "number" && section["virtualPerPhysical"] > 0
    ? section["virtualPerPhysical"]
    : 128;
  if (desired > MAX_SHARDS) {
    throw unprocessable(`shardingConfig.desiredCount must be at most ${MAX_SHARDS} on this server, got ${desired}`);
  }
  if (Math.max(desired, 1) * perPhysical > MAX_VIRTUAL_SHARDS) {
    throw unprocessable(
      `shardingConfig: desiredCount × virtualPerPhysical must be at most ${MAX_VIRTUAL_SHARDS}, got ${Math.max(desired, 1) * perPhysical}`,
    );
  }
}

/** Throws 422 unless `value` is a valid (partial) shardingConfig for a single-tenant class. */
export function validateShardingConfig(value: unknown): JsonObject | undefined {
  const field = "shardingConfig";
  const section = requireObject(value, field);
  if (!section) return undefined;
  for (const key of ["virtualPerPhysical", "desiredCount", "desiredVirtualCount"]) {
    requireInt(section, key, field, 0);
  }
  checkShardBounds(section);
  const only: Array<[string, string, string]> = [
    ["key", "_id", "sharding only supported on key '_id' for now"],
    ["strategy", "hash", "sharding only supported with strategy 'hash' for now"],
    ["function", "murmur3", "sharding only supported with function 'murmur3' for now"],
  ];
  for (const [key, allowed, message] of only) {
    const given = section[key];
    if (!isMissing(given) && given !== "" && given !== allowed) {
      throw unprocessable(`${message}, got: ${String(given)}`);
    }
  }
  return section;
}

/**
 * The sharding section with every key the v3 client insists on. Multi-tenant classes get all
 * zeros and empty strings (Weaviate leaves the struct empty: tenant shards are made on demand).
 */
export function shardingWithDefaults(input: JsonObject | undefined, multiTenant: boolean): JsonObject {
  if (multiTenant) {
    return {
      virtualPerPhysical: 0,
      desiredCount: 0,
      actualCount: 0,
      desiredVirtualCount: 0,
      actualVirtualCount: 0,
      key: "",
      strategy: "",
      function: "",
    };
  }
  const positive = (value: unknown, fallback: number) =>
    typeof value === "number" && value > 0 ? value : fallback;
  const virtualPerPhysical = positive(input?.["virtualPerPhysical"], 128);
  // One node: the desired count is 1 unless the user asks for more shards.
  const desiredCount = positive(input?.["desiredCount"], 1);
  return {
    virtualPerPhysical,
    desiredCount,
    actualCount: desiredCount,
    desiredVirtualCount: desiredCount * virtualPerPhysical,
    actualVirtualCount: desiredCount * virtualPerPhysical,
    key: "_id",
    strategy: "hash",
    function: "murmur3",
  };
}
