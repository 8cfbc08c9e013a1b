/**
 * PUT /v1/schema/{c}: applies a class body to the stored definition. The class name, index
 * types, vectorizers and the settings an existing index or shard cannot change are immutable;
 * descriptions, search-time HNSW knobs, compression, BM25, stopwords, replication factor and
 * generative/reranker module configs may change. Sections the body omits keep their current
 * values, and a section the body does send is overlaid on the current one key by key, so a
 * partial section never resets other keys to defaults.
 */
import type { Collection, MultiTenancyConfig, NamedVectorConfig } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { type DefaultsContext, namedVectorWithDefaults } from "./defaults.ts";
import { cloneJson, deepMerge, isMissing, isPlainObject, type JsonObject } from "./json.ts";
import { collectionFields, type IgnoredKeys, knownCollectionKeys } from "./known-keys.ts";
import { normalizeClassName } from "./names.ts";
import {
  checkAutoTenantFlags,
  validateInvertedIndexConfig,
  validateReplicationConfig,
  validateShardingConfig,
} from "./sections.ts";
import { updatedProperties } from "./update-properties.ts";
import { validateNamedVector } from "./validate.ts";
import { updatedModuleConfig, updatedNamedVector } from "./update-vectors.ts";
import { checkVectorIndexConfigUpdate, validateVectorIndexConfig } from "./vector-index.ts";

/** Defaults for vectors added by the update, plus the optional vectorizer module list. */
export interface UpdateContext extends DefaultsContext {
  enabledModules?: readonly string[];
  /** Told of the keys dropped because Weaviate's models do not have them. */
  ignoredKeys?: IgnoredKeys;
}

/** Fields the update handles one by one; the rest (objectTtlConfig) are carried over as sent. */
const knownKeys: ReadonlySet<string> = new Set([...collectionFields].filter((key) => key !== "objectTtlConfig"));

function immutable(field: string, before: unknown, after: unknown): void {
  if (isMissing(after) || after === before) return;
  throw unprocessable(
    `${field} is immutable: attempted change from "${String(before ?? "")}" to "${String(after)}"`,
  );
}

function checkClassName(current: Collection, given: unknown): void {
  if (isMissing(given)) return;
  if (typeof given !== "string") throw unprocessable("class name must be a string");
  immutable("class name", current.class, normalizeClassName(given));
}

function updatedMultiTenancy(current: MultiTenancyConfig, raw: unknown): MultiTenancyConfig {
  if (isMissing(raw)) return { ...current };
  if (!isPlainObject(raw)) throw unprocessable("multiTenancyConfig must be a JSON object");
  const next = { ...current };
  for (const key of ["enabled", "autoTenantCreation", "autoTenantActivation"] as const) {
    const value = raw[key];
    if (isMissing(value)) continue;
    if (typeof value !== "boolean") throw unprocessable(`multiTenancyConfig.${key} must be a boolean`);
    next[key] = value;
  }
  if (next.enabled !== current.enabled) {
    // Data of a single-tenant class lives in one shard, tenants each have their own.
    const verb = current.enabled ? "disabling" : "enabling";
    throw unprocessable(`${verb} multi-tenancy for an existing class is not supported`);
  }
  checkAutoTenantFlags(next);
  return next;
}

function legacyVectorUpdate(current: Collection, raw: JsonObject): Partial<Collection> {
  if (!current.vectorIndexConfig) {
    immutable("vectorizer", current.vectorizer, raw["vectorizer"]);
    immutable("vector index type", current.vectorIndexType, raw["vectorIndexType"]);
    if (!isMissing(raw["vectorIndexConfig"])) {
      throw unprocessable("vectorIndexConfig can only be updated on a collection with a class level vector index");
    }
    return {};
  }
  immutable("vectorizer", current.vectorizer, raw["vectorizer"]);
  const type = current.vectorIndexType ?? "hnsw";
  immutable("vector index type", type, raw["vectorIndexType"]);
  const given = raw["vectorIndexConfig"];
  validateVectorIndexConfig(type, given, "parse vector index config: ", false);
  const before = current.vectorIndexConfig as JsonObject;
  const after = deepMerge(before, isPlainObject(given) ? given : undefined);
  checkVectorIndexConfigUpdate(type, before, after, "");
  return {
    vectorizer: current.vectorizer,
    vectorIndexType: current.vectorIndexType,
    vectorIndexConfig: after as Collection["vectorIndexConfig"],
  };
}

function namedVectorsUpdate(
  current: Collection,
  raw: unknown,
  ctx: UpdateContext,
): Record<string, NamedVectorConfig> | undefined {
  const existing = current.vectorConfig;
  if (isMissing(raw)) return existing ? cloneJson(existing) : undefined;
  if (!isPlainObject(raw)) throw unprocessable("vectorConfig must be a JSON object");
  const out: Record<string, NamedVectorConfig> = cloneJson(existing ?? {});
  for (const [name, given] of Object.entries(raw)) {
    const before = existing?.[name];
    if (before) {
      out[name] = updatedNamedVector(name, before, given);
      continue;
    }
    if (current.vectorIndexConfig && name === "default") {
      throw unprocessable("vector named default cannot be created when collection level vector index is configured");
    }
    out[name] = namedVectorWithDefaults(validateNamedVector(name, given, ctx.enabledModules), ctx.defaultDistance);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function updatedInverted(current: JsonObject, raw: unknown): JsonObject {
  const given = validateInvertedIndexConfig(raw);
  const next = deepMerge(current, given);
  // These decide which extra buckets exist; flipping them would need a reindex.
  const names: Array<[string, string]> = [
    ["indexTimestamps", "IndexTimestamps"],
    ["indexNullState", "IndexNullState"],
    ["indexPropertyLength", "IndexPropertyLength"],
  ];
  for (const [key, label] of names) {
    if (Boolean(current[key]) !== Boolean(next[key])) {
      throw unprocessable(`inverted index config: ${label} cannot be changed when updating a schema`);
    }
  }
  return next;
}

function updatedReplication(current: JsonObject, raw: unknown): JsonObject {
  const next = deepMerge(current, validateReplicationConfig(raw));
  if (typeof next["factor"] !== "number" || next["factor"] < 1) next["factor"] = 1;
  return next;
}

function checkSharding(current: JsonObject, raw: unknown, multiTenant: boolean): void {
  // Tenant shards are created on demand; the section is informational there (all zeros).
  if (multiTenant || isMissing(raw)) return;
  const given = validateShardingConfig(raw) ?? {};
  const pairs: Array<[string, string]> = [
    ["desiredCount", "re-sharding not supported yet: shard count"],
    ["virtualPerPhysical", "virtual shards per physical"],
  ];
  for (const [key, label] of pairs) {
    const value = given[key];
    if (typeof value === "number" && value > 0 && value !== current[key]) {
      throw unprocessable(
        `${label} is immutable: attempted change from "${String(current[key])}" to "${value}"`,
      );
    }
  }
}

function extrasOf(current: Collection, raw: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(current)) if (!knownKeys.has(key)) out[key] = cloneJson(value);
  for (const [key, value] of Object.entries(raw)) if (!knownKeys.has(key) && value !== null) out[key] = cloneJson(value);
  return out;
}

/**
 * Applies a PUT body to `current` and returns the new full definition (never mutates
 * `current`). Throws 422 (UNPROCESSABLE) with Weaviate's message when an immutable setting would
 * change or a value is invalid.
 */
export function applyCollectionUpdate(current: Collection, body: unknown, ctx: UpdateContext): Collection {
  const input = knownCollectionKeys(body, ctx.ignoredKeys);
  if (!isPlainObject(input)) throw unprocessable("class definition must be a JSON object");
  checkClassName(current, input["class"]);
  const description = input["description"];
  if (!isMissing(description) && typeof description !== "string") {
    throw unprocessable("description must be a string");
  }
  const multiTenancyConfig = updatedMultiTenancy(current.multiTenancyConfig, input["multiTenancyConfig"]);
  const properties = updatedProperties(current.properties, input["properties"]);
  const legacy = legacyVectorUpdate(current, input);
  const vectorConfig = namedVectorsUpdate(current, input["vectorConfig"], ctx);
  const moduleConfig = updatedModuleConfig(current.moduleConfig, input["moduleConfig"]);
  const invertedIndexConfig = updatedInverted(current.invertedIndexConfig, input["invertedIndexConfig"]);
  const replicationConfig = updatedReplication(current.replicationConfig, input["replicationConfig"]);
  checkSharding(current.shardingConfig, input["shardingConfig"], multiTenancyConfig.enabled);
  const nextDescription = isMissing(description) ? current.description : description;
  return {
    class: current.class,
    ...(nextDescription !== undefined ? { description: nextDescription } : {}),
    properties,
    ...legacy,
    ...(vectorConfig ? { vectorConfig } : {}),
    ...(moduleConfig ? { moduleConfig } : {}),
    invertedIndexConfig,
    multiTenancyConfig,
    replicationConfig,
    shardingConfig: cloneJson(current.shardingConfig),
    ...extrasOf(current, input),
  };
}
