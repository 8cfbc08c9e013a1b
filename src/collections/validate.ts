/**
 * Validation of a new collection definition (POST /v1/schema, auto-schema) and of a property
 * added to an existing one (POST /v1/schema/{c}/properties). Pure: the caller supplies the names
 * of existing classes. Returns the normalised input, still without defaults (see defaults.ts).
 */
import {
  type Collection,
  type CollectionInput,
  findProperty,
  type NamedVectorInput,
  type PropertyInput,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { cloneJson, isMissing, isPlainObject, type JsonObject } from "./json.ts";
import { type IgnoredKeys, knownCollectionKeys, knownPropertyKeys } from "./known-keys.ts";
import { normalizeClassName, validateClassName, validateVectorName } from "./names.ts";
import { validatePropertyInput } from "./properties.ts";
import {
  validateInvertedIndexConfig,
  validateMultiTenancyConfig,
  validateReplicationConfig,
  validateShardingConfig,
} from "./sections.ts";
import {
  DEFAULT_VECTOR_INDEX_TYPE,
  validateVectorIndexConfig,
  validateVectorIndexType,
} from "./vector-index.ts";


/** What validation needs to know about the rest of the schema. */
export interface ValidateContext {
  /** Names of the classes that exist now. */
  existingClassNames: readonly string[];
  /** Classes created in the same request; cross-references may point at them. */
  classesInSameRequest?: readonly string[];
  /** Modules that may be named as vectorizers besides "none"; omit to accept any name. */
  enabledModules?: readonly string[];
  /** Told of the keys dropped because Weaviate's models do not have them. */
  ignoredKeys?: IgnoredKeys;
}

/** Throws unless `vectorizer` is "none" or an enabled module (when the module list is known). */
export function checkVectorizerModule(vectorizer: string, modules: readonly string[] | undefined, prefix = ""): void {
  if (vectorizer === "none" || modules === undefined || modules.includes(vectorizer)) return;
  throw unprocessable(`${prefix}vectorizer: no module with name "${vectorizer}" present`);
}

function checkClassName(raw: JsonObject, ctx: ValidateContext): string {
  const given = raw["class"];
  if (isMissing(given) || given === "") throw unprocessable("class name is required");
  if (typeof given !== "string") throw unprocessable("class name must be a string");
  const name = normalizeClassName(given);
  validateClassName(name);
  if (ctx.existingClassNames.includes(name)) throw unprocessable(`class name ${name} already exists`);
  const similar = ctx.existingClassNames.find((existing) => existing.toLowerCase() === name.toLowerCase());
  if (similar !== undefined) {
    throw unprocessable(`class already exists: found similar class "${similar}"`);
  }
  return name;
}

function checkProperties(raw: JsonObject, className: string, ctx: ValidateContext): PropertyInput[] {
  const list = raw["properties"];
  if (isMissing(list)) return [];
  if (!Array.isArray(list)) throw unprocessable("properties must be an array");
  // A class may reference itself and the classes created alongside it.
  const targets = new Set([...ctx.existingClassNames, ...(ctx.classesInSameRequest ?? []), className]);
  const seen = new Set<string>();
  return list.map((item) => {
    const property = validatePropertyInput(item, targets);
    const key = property.name.toLowerCase();
    if (seen.has(key)) {
      throw unprocessable(
        `class "${className}": conflict for property "${property.name}": already in use or provided multiple times`,
      );
    }
    seen.add(key);
    return property;
  });
}

/**
 * Validates one named vector (`vectorConfig[name]`) and returns it cleaned of nulls. Exported
 * for updates that add a vector to an existing collection.
 */
export function validateNamedVector(name: string, raw: unknown, modules?: readonly string[]): NamedVectorInput {
  validateVectorName(name);
  const prefix = `target vector "${name}": `;
  if (!isPlainObject(raw)) throw unprocessable(`${prefix}vector config must be a JSON object`);
  const out: NamedVectorInput = dropNulls(raw);
  const vectorizer = raw["vectorizer"];
  if (!isMissing(vectorizer)) {
    if (!isPlainObject(vectorizer)) {
      throw unprocessable(`class.VectorConfig.Vectorizer must be an object, got ${typeof vectorizer}`);
    }
    const modulesNamed = Object.keys(vectorizer);
    if (modulesNamed.length !== 1) {
      throw unprocessable(
        `class.VectorConfig.Vectorizer must consist only 1 configuration, got: ${modulesNamed.length}`,
      );
    }
    checkVectorizerModule(modulesNamed[0]!, modules, prefix);
  }
  const type = isMissing(raw["vectorIndexType"])
    ? DEFAULT_VECTOR_INDEX_TYPE
    : validateVectorIndexType(raw["vectorIndexType"], prefix);
  validateVectorIndexConfig(type, raw["vectorIndexConfig"], `parse vector config for ${name}: `, true);
  return out;
}

function checkVectors(raw: JsonObject, modules: readonly string[] | undefined): void {
  const vectorConfig = raw["vectorConfig"];
  if (!isMissing(vectorConfig) && !isPlainObject(vectorConfig)) {
    throw unprocessable("vectorConfig must be a JSON object");
  }
  const named = isPlainObject(vectorConfig) && Object.keys(vectorConfig).length > 0;
  const legacy = ["vectorizer", "vectorIndexType", "vectorIndexConfig"].some((key) => !isMissing(raw[key]));
  if (named && legacy) {
    throw unprocessable("creating a class with both a class level vector index and named vectors is forbidden");
  }
  if (named) {
    for (const [name, config] of Object.entries(vectorConfig)) validateNamedVector(name, config, modules);
    return;
  }
  const vectorizer = raw["vectorizer"];
  if (!isMissing(vectorizer)) {
    if (typeof vectorizer !== "string") throw unprocessable("vectorizer must be a string");
    checkVectorizerModule(vectorizer, modules);
  }
  const type = isMissing(raw["vectorIndexType"])
    ? DEFAULT_VECTOR_INDEX_TYPE
    : validateVectorIndexType(raw["vectorIndexType"]);
  validateVectorIndexConfig(type, raw["vectorIndexConfig"], "parse vector index config: ", false);
}

function checkSections(raw: JsonObject): void {
  if (!isMissing(raw["description"]) && typeof raw["description"] !== "string") {
    throw unprocessable("description must be a string");
  }
  if (!isMissing(raw["moduleConfig"]) && !isPlainObject(raw["moduleConfig"])) {
    throw unprocessable("moduleConfig must be a JSON object");
  }
  validateInvertedIndexConfig(raw["invertedIndexConfig"]);
  validateReplicationConfig(raw["replicationConfig"]);
  const mt = validateMultiTenancyConfig(raw["multiTenancyConfig"]);
  if (mt?.enabled === true && !isMissing(raw["shardingConfig"])) {
    throw unprocessable("cannot have both shardingConfig and multiTenancyConfig");
  }
  validateShardingConfig(raw["shardingConfig"]);
}

/** Top-level nulls mean "not set" (Go decodes them so); dropping them lets defaults apply. */
function dropNulls<T>(raw: JsonObject): T {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== null && value !== undefined) out[key] = cloneJson(value);
  }
  return out as T;
}

/**
 * Validates a new collection definition and returns it normalised (class name first letter
 * upper-cased, property names first letter lower-cased, nulls dropped), not yet defaulted.
 * Throws 422 (UNPROCESSABLE) with a Weaviate-like message on the first broken rule.
 */
export function validateNewCollection(body: unknown, ctx: ValidateContext): CollectionInput {
  const input = knownCollectionKeys(body, ctx.ignoredKeys);
  if (!isPlainObject(input)) throw unprocessable("class definition must be a JSON object");
  const className = checkClassName(input, ctx);
  const properties = checkProperties(input, className, ctx);
  checkVectors(input, ctx.enabledModules);
  checkSections(input);
  return { ...dropNulls<CollectionInput>(input), class: className, properties };
}

/**
 * Validates a property for POST /v1/schema/{c}/properties against `collection`. With `ctx`,
 * reference targets must exist (or be the collection itself); without it, only their syntax is
 * checked, as Weaviate does when restoring.
 */
export function validateNewProperty(
  collection: Collection,
  input: unknown,
  ctx?: Pick<ValidateContext, "existingClassNames" | "ignoredKeys">,
): PropertyInput {
  const targets = ctx ? new Set([...ctx.existingClassNames, collection.class]) : undefined;
  const property = validatePropertyInput(knownPropertyKeys(input, ctx?.ignoredKeys), targets);
  if (findProperty(collection.properties, property.name)) {
    throw unprocessable(
      `class "${collection.class}": conflict for property "${property.name}": already in use or provided multiple times`,
    );
  }
  return property;
}
