/**
 * Vector index configurations (`vectorIndexConfig`) for the three index types Weaviate accepts:
 * their fully expanded defaults (what GET shows), their value rules, and which keys are immutable
 * once the index exists. The same code serves the class-level (legacy) vector and every named
 * vector, which is why callers pass a message prefix naming the vector.
 */
import type { DistanceMetric } from "../config/index.ts";
import { distanceMetrics } from "../config/index.ts";
import { unprocessable } from "../errors/index.ts";
import { deepMerge, isMissing, isPlainObject, type JsonObject } from "./json.ts";

/** Index types a collection may ask for; `hfresh` (new in Weaviate) is not offered. */
export const vectorIndexTypes: readonly string[] = ["hnsw", "flat", "dynamic"];

/** The default index type (Weaviate's DEFAULT_VECTOR_INDEX). */
export const DEFAULT_VECTOR_INDEX_TYPE = "hnsw";

/**
 * Every HNSW key Weaviate 1.32 (the version we report) echoes, in its order; clients
 * deserialize strictly. 1.33 added skip/trackDefaultQuantization, 1.34 made acorn the default
 * filter strategy; a user may still send either.
 */
export function hnswDefaults(distance: DistanceMetric): JsonObject {
  return {
    skip: false,
    cleanupIntervalSeconds: 300,
    maxConnections: 32,
    efConstruction: 128,
    ef: -1,
    dynamicEfMin: 100,
    dynamicEfMax: 500,
    dynamicEfFactor: 8,
    vectorCacheMaxObjects: 1_000_000_000_000,
    flatSearchCutoff: 40000,
    distance,
    filterStrategy: "sweeping",
    pq: {
      enabled: false,
      bitCompression: false,
      segments: 0,
      centroids: 256,
      trainingLimit: 100000,
      encoder: { type: "kmeans", distribution: "log-normal" },
    },
    bq: { enabled: false },
    sq: { enabled: false, trainingLimit: 100000, rescoreLimit: 20 },
    rq: { enabled: false, bits: 8, rescoreLimit: 20 },
    multivector: {
      enabled: false,
      aggregation: "maxSim",
      muvera: { enabled: false, ksim: 4, dprojections: 16, repetitions: 10 },
    },
  };
}

/** The flat index: brute force, so only distance, cache size and compression blocks. */
export function flatDefaults(distance: DistanceMetric): JsonObject {
  // rescoreLimit -1 means "let the server pick", as in Weaviate.
  const block = () => ({ enabled: false, rescoreLimit: -1, cache: false });
  return {
    distance,
    vectorCacheMaxObjects: 1_000_000_000_000,
    pq: block(),
    bq: block(),
    sq: block(),
    rq: block(),
  };
}

/** The dynamic index starts flat and switches to HNSW past `threshold` objects. */
export function dynamicDefaults(distance: DistanceMetric): JsonObject {
  return { distance, threshold: 10000, hnsw: hnswDefaults(distance), flat: flatDefaults(distance) };
}

/**
 * The fully expanded config for `type`: defaults overlaid with what the user sent (user values
 * win, unknown keys are kept). A missing distance takes `defaultDistance`.
 */
export function vectorIndexConfigWithDefaults(
  type: string,
  input: JsonObject | undefined,
  defaultDistance: DistanceMetric,
): JsonObject {
  const distance = (input?.["distance"] as DistanceMetric | undefined) ?? defaultDistance;
  if (type === "flat") return deepMerge(flatDefaults(distance), input);
  if (type === "dynamic") {
    const merged = deepMerge(dynamicDefaults(distance), input);
    // Both halves of a dynamic index must measure alike, so the top-level distance rules.
    (merged["hnsw"] as JsonObject)["distance"] = distance;
    (merged["flat"] as JsonObject)["distance"] = distance;
    return merged;
  }
  return deepMerge(hnswDefaults(distance), input);
}

/** Throws unless `value` names a supported index type; returns it. */
export function validateVectorIndexType(value: unknown, prefix = ""): string {
  if (typeof value !== "string" || !vectorIndexTypes.includes(value)) {
    throw unprocessable(`${prefix}unrecognized or unsupported vectorIndexType "${String(value)}"`);
  }
  return value;
}

interface IntRule {
  key: string;
  min: number;
  max?: number;
}

const hnswIntRules: readonly IntRule[] = [
  { key: "cleanupIntervalSeconds", min: 0 },
  { key: "maxConnections", min: 4, max: 2047 },
  { key: "efConstruction", min: 4 },
  { key: "ef", min: -1 },
  { key: "dynamicEfMin", min: 0 },
  { key: "dynamicEfMax", min: 0 },
  { key: "dynamicEfFactor", min: 0 },
  { key: "vectorCacheMaxObjects", min: 0 },
  { key: "flatSearchCutoff", min: 0 },
];

const compressionNames = ["pq", "bq", "sq", "rq"] as const;

function checkInt(config: JsonObject, rule: IntRule, fail: (m: string) => never): void {
  const value = config[rule.key];
  if (isMissing(value)) return;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    fail(`${rule.key} must be an integer, got ${JSON.stringify(value)}`);
  }
  const tooHigh = rule.max !== undefined && value > rule.max;
  if (value >= rule.min && !tooHigh) return;
  if (rule.key === "maxConnections" || rule.key === "efConstruction") {
    // Weaviate's wording for the two graph-shape settings.
    const upper = rule.max !== undefined ? ` and a maximum of ${rule.max}` : "";
    fail(`${rule.key} must be a positive integer with a minimum of ${rule.min}${upper}`);
  }
  fail(
    rule.max === undefined
      ? `${rule.key} must be at least ${rule.min}, got ${value}`
      : `${rule.key} must be between ${rule.min} and ${rule.max}, got ${value}`,
  );
}

function checkBool(config: JsonObject, key: string, fail: (m: string) => never): void {
  const value = config[key];
  if (!isMissing(value) && typeof value !== "boolean") fail(`${key} must be a boolean`);
}

function checkDistance(config: JsonObject, fail: (m: string) => never): void {
  const value = config["distance"];
  if (isMissing(value)) return;
  if (typeof value !== "string" || !(distanceMetrics as readonly string[]).includes(value)) {
    fail(
      `unsupported distance type '${String(value)}', choose one of ${distanceMetrics.join(", ")}`,
    );
  }
}

/** Checks a compression block's shape and returns whether it is enabled. */
function checkBlock(config: JsonObject, name: string, fail: (m: string) => never): boolean {
  const block = config[name];
  if (isMissing(block)) return false;
  if (!isPlainObject(block)) fail(`${name} must be an object`);
  for (const key of ["enabled", "cache", "bitCompression"]) checkBool(block, key, fail);
  for (const key of ["segments", "trainingLimit", "rescoreLimit", "bits"]) {
    checkInt(block, { key, min: key === "rescoreLimit" ? -1 : 0 }, (m) => fail(`${name}.${m}`));
  }
  checkInt(block, { key: "centroids", min: 1, max: 256 }, (m) => fail(`${name}.${m}`));
  return block["enabled"] === true;
}

function checkHnsw(config: JsonObject, allowMultivector: boolean, fail: (m: string) => never): void {
  for (const rule of hnswIntRules) checkInt(config, rule, fail);
  for (const key of ["skip", "skipDefaultQuantization", "trackDefaultQuantization"]) {
    checkBool(config, key, fail);
  }
  const strategy = config["filterStrategy"];
  if (!isMissing(strategy) && strategy !== "sweeping" && strategy !== "acorn") {
    fail(`filterStrategy must be 'sweeping' or 'acorn', got ${JSON.stringify(strategy)}`);
  }
  const enabled = compressionNames.filter((name) => checkBlock(config, name, fail));
  if (enabled.length > 1) {
    fail(
      `invalid hnsw config: two compression methods enabled: ${enabled[0]!.toUpperCase()} and ${enabled[1]!.toUpperCase()}`,
    );
  }
  const multivector = config["multivector"];
  if (isMissing(multivector)) return;
  if (!isPlainObject(multivector)) fail("multivector must be an object");
  checkBool(multivector, "enabled", fail);
  if (multivector["enabled"] === true && !allowMultivector) {
    fail("class.VectorIndexConfig multi vector type index type is only configurable using named vectors");
  }
}

function checkFlat(config: JsonObject, fail: (m: string) => never): void {
  checkInt(config, { key: "vectorCacheMaxObjects", min: 0 }, fail);
  const enabled = compressionNames.filter((name) => checkBlock(config, name, fail));
  for (const name of compressionNames) {
    const block = config[name];
    if (isPlainObject(block) && block["cache"] === true && block["enabled"] !== true) {
      fail("not possible to use the cache without compression");
    }
  }
  if (enabled.length > 1) fail("cannot enable multiple quantization methods at the same time");
  if (enabled.includes("pq")) fail("PQ is not currently supported for flat indices");
  if (enabled.includes("sq")) fail("SQ is not currently supported for flat indices");
}

/**
 * Throws 422 when `config` is not a valid `vectorIndexConfig` for `type`. `prefix` names the
 * vector in messages; `allowMultivector` is true only for named vectors, as in Weaviate.
 */
export function validateVectorIndexConfig(
  type: string,
  config: unknown,
  prefix: string,
  allowMultivector: boolean,
): void {
  const fail = (message: string): never => {
    throw unprocessable(`${prefix}${message}`);
  };
  if (isMissing(config)) return;
  if (!isPlainObject(config)) fail("vectorIndexConfig must be an object");
  const object = config as JsonObject;
  checkDistance(object, fail);
  if (type === "hnsw") {
    checkHnsw(object, allowMultivector, fail);
    return;
  }
  if (type === "flat") {
    checkFlat(object, fail);
    return;
  }
  checkInt(object, { key: "threshold", min: 0 }, fail);
  for (const [key, check] of [
    ["hnsw", (sub: JsonObject) => checkHnsw(sub, allowMultivector, fail)],
    ["flat", (sub: JsonObject) => checkFlat(sub, fail)],
  ] as const) {
    const sub = object[key];
    if (isMissing(sub)) continue;
    if (!isPlainObject(sub)) fail(`${key} must be an object`);
    check(sub as JsonObject);
  }
}

function immutable(field: string, before: unknown, after: unknown, prefix: string): void {
  if (before === after) return;
  throw unprocessable(
    `${prefix}${field} is immutable: attempted change from "${String(before)}" to "${String(after)}"`,
  );
}

function nested(config: JsonObject, ...path: string[]): unknown {
  let value: unknown = config;
  for (const key of path) value = isPlainObject(value) ? value[key] : undefined;
  return value;
}

function checkHnswUpdate(before: JsonObject, after: JsonObject, prefix: string): void {
  for (const key of ["efConstruction", "maxConnections", "cleanupIntervalSeconds", "distance"]) {
    immutable(key, before[key], after[key], prefix);
  }
  // The graph is built for single or multi vectors; switching would need a rebuild.
  const mv = (config: JsonObject) => nested(config, "multivector", "enabled") === true;
  immutable("multivector enabled", mv(before), mv(after), prefix);
  const muvera = (config: JsonObject) => nested(config, "multivector", "muvera", "enabled") === true;
  immutable("muvera enabled", muvera(before), muvera(after), prefix);
}

/**
 * Throws 422 when going from the stored config `before` to `after` (both fully expanded) changes
 * a key the existing index cannot change.
 */
export function checkVectorIndexConfigUpdate(
  type: string,
  before: JsonObject,
  after: JsonObject,
  prefix: string,
): void {
  if (type === "hnsw") {
    checkHnswUpdate(before, after, prefix);
    return;
  }
  immutable("distance", before["distance"], after["distance"], prefix);
  if (type === "dynamic") {
    const sub = (config: JsonObject) => (isPlainObject(config["hnsw"]) ? config["hnsw"] : {});
    checkHnswUpdate(sub(before), sub(after), prefix);
  }
}
