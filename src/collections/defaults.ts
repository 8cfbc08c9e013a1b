/**
 * Turns a validated collection or property input into the fully defaulted definition that
 * POST /v1/schema echoes and GET shows. User-supplied values always win and unknown keys are
 * kept; deprecated shapes (`string` types, `indexInverted`) are migrated here, after validation.
 */
import type { DistanceMetric } from "../config/index.ts";
import type {
  Collection,
  CollectionInput,
  HnswConfig,
  NamedVectorConfig,
  NamedVectorInput,
  Property,
  PropertyInput,
  Tokenization,
} from "../domain/index.ts";
import { deprecatedDataTypes } from "../domain/index.ts";
import { cloneJson } from "./json.ts";
import {
  invertedIndexWithDefaults,
  multiTenancyWithDefaults,
  replicationWithDefaults,
  shardingWithDefaults,
} from "./sections.ts";
import { DEFAULT_VECTOR_INDEX_TYPE, vectorIndexConfigWithDefaults } from "./vector-index.ts";

/** Server-wide defaults for new collections (DEFAULT_VECTOR_DISTANCE_METRIC, DEFAULT_VECTORIZER_MODULE). */
export interface DefaultsContext {
  defaultDistance: DistanceMetric;
  defaultVectorizer: string;
}

const textTypes = new Set(["text", "text[]"]);

interface IndexFlags {
  indexFilterable: boolean;
  indexSearchable: boolean;
  indexRangeFilters: boolean;
}

function indexFlags(input: PropertyInput, isText: boolean, filterableDefault: boolean): IndexFlags {
  const noNewFlags =
    input.indexFilterable === undefined &&
    input.indexSearchable === undefined &&
    input.indexRangeFilters === undefined;
  if (input.indexInverted !== undefined && noNewFlags) {
    // Pre-1.19 single switch: it governed both the filter and the BM25 index.
    return {
      indexFilterable: input.indexInverted,
      indexSearchable: isText ? input.indexInverted : false,
      indexRangeFilters: false,
    };
  }
  return {
    indexFilterable: input.indexFilterable ?? filterableDefault,
    indexSearchable: input.indexSearchable ?? isText,
    indexRangeFilters: input.indexRangeFilters ?? false,
  };
}

function assemble(
  input: PropertyInput,
  dataType: string[],
  tokenization: string | undefined,
  flags: IndexFlags,
  nested: Property[] | undefined,
): Property {
  const {
    name,
    dataType: _dataType,
    description,
    tokenization: _tokenization,
    indexFilterable: _filterable,
    indexSearchable: _searchable,
    indexRangeFilters: _range,
    indexInverted: _inverted,
    nestedProperties: _nested,
    ...rest
  } = cloneJson(input);
  return {
    name,
    dataType,
    ...(description !== undefined ? { description } : {}),
    ...(tokenization ? { tokenization: tokenization as Tokenization } : {}),
    ...flags,
    ...rest,
    ...(nested ? { nestedProperties: nested } : {}),
  };
}

/** The defaulted form of one nested property (no type migration: nested strings are rejected). */
export function nestedWithDefaults(input: PropertyInput): Property {
  const type = input.dataType[0] ?? "";
  const isText = input.dataType.length === 1 && textTypes.has(type);
  const tokenization = input.tokenization || (isText ? "word" : undefined);
  // Blobs are opaque: filtering on them makes no sense, so nested blobs are not filterable.
  const flags = indexFlags(input, isText, type !== "blob");
  const nested = input.nestedProperties?.map(nestedWithDefaults);
  return assemble(input, [...input.dataType], tokenization, flags, nested);
}

/**
 * The defaulted form of one top-level property: `string`/`string[]` become `text`/`text[]`
 * (tokenization word → whitespace, which is how strings were split), text gets tokenization
 * `word`, filterable on, searchable only for text, range filters off; nested properties alike.
 */
export function propertyWithDefaults(input: PropertyInput): Property {
  const type = input.dataType[0] ?? "";
  const migrated = input.dataType.length === 1 ? deprecatedDataTypes[type] : undefined;
  const dataType = migrated ? [migrated] : [...input.dataType];
  const isText = dataType.length === 1 && textTypes.has(dataType[0]!);
  let tokenization = input.tokenization || (isText ? "word" : undefined);
  if (migrated && tokenization === "word") tokenization = "whitespace";
  const flags = indexFlags(input, isText, true);
  const nested = input.nestedProperties?.map(nestedWithDefaults);
  return assemble(input, dataType, tokenization, flags, nested);
}

/** A named vector with its index type and fully expanded index config; no vectorizer means "none". */
export function namedVectorWithDefaults(input: NamedVectorInput, defaultDistance: DistanceMetric): NamedVectorConfig {
  const { vectorizer, vectorIndexType, vectorIndexConfig, ...rest } = cloneJson(input);
  const type = vectorIndexType ?? DEFAULT_VECTOR_INDEX_TYPE;
  return {
    vectorizer: vectorizer ?? { none: {} },
    vectorIndexType: type,
    // Flat and dynamic configs carry other keys; consumers check vectorIndexType first.
    vectorIndexConfig: vectorIndexConfigWithDefaults(type, vectorIndexConfig, defaultDistance) as HnswConfig,
    ...rest,
  };
}

function vectorFields(input: CollectionInput, ctx: DefaultsContext): Partial<Collection> {
  const named = Object.entries(input.vectorConfig ?? {});
  if (named.length > 0) {
    const vectorConfig: Record<string, NamedVectorConfig> = {};
    for (const [name, config] of named) vectorConfig[name] = namedVectorWithDefaults(config, ctx.defaultDistance);
    return { vectorConfig };
  }
  const type = input.vectorIndexType ?? DEFAULT_VECTOR_INDEX_TYPE;
  return {
    vectorizer: input.vectorizer ?? ctx.defaultVectorizer,
    vectorIndexType: type,
    vectorIndexConfig: vectorIndexConfigWithDefaults(
      type,
      input.vectorIndexConfig,
      ctx.defaultDistance,
    ) as HnswConfig,
  };
}

/**
 * The full Collection for a validated input: legacy classes get a class-level vectorizer, index
 * type and expanded index config; named-vector classes get them per vector instead. Every
 * section the v3 client deserializes strictly is present.
 */
export function withDefaults(input: CollectionInput, ctx: DefaultsContext): Collection {
  const {
    class: className,
    description,
    properties,
    vectorizer: _vectorizer,
    vectorIndexType: _type,
    vectorIndexConfig: _config,
    vectorConfig: _named,
    moduleConfig,
    invertedIndexConfig,
    multiTenancyConfig,
    replicationConfig,
    shardingConfig,
    ...extras
  } = cloneJson(input);
  const multiTenancy = multiTenancyWithDefaults(multiTenancyConfig);
  return {
    class: className,
    ...(description !== undefined ? { description } : {}),
    properties: (properties ?? []).map(propertyWithDefaults),
    ...vectorFields(input, ctx),
    ...(moduleConfig !== undefined ? { moduleConfig } : {}),
    invertedIndexConfig: invertedIndexWithDefaults(invertedIndexConfig),
    multiTenancyConfig: multiTenancy,
    replicationConfig: replicationWithDefaults(replicationConfig),
    shardingConfig: shardingWithDefaults(shardingConfig, multiTenancy.enabled),
    ...extras,
  };
}
