/**
 * Collection ("class") definitions as Weaviate's REST API shapes them. A Collection is always the
 * fully defaulted form (what POST /v1/schema echoes back); the raw request shape is
 * CollectionInput. Keys we do not interpret (moduleConfig, quantizer blocks, ...) are kept and
 * echoed unchanged so clients round-trip them.
 */
import type { DistanceMetric } from "../config/index.ts";

export type Tokenization =
  | "word"
  | "lowercase"
  | "whitespace"
  | "field"
  | "trigram"
  | "gse"
  | "kagome_kr"
  | "kagome_ja"
  | "gse_ch";

export const tokenizations: readonly Tokenization[] = [
  "word",
  "lowercase",
  "whitespace",
  "field",
  "trigram",
  "gse",
  "kagome_kr",
  "kagome_ja",
  "gse_ch",
];

export interface Property {
  name: string;
  dataType: string[];
  description?: string;
  tokenization?: Tokenization;
  indexFilterable?: boolean;
  indexSearchable?: boolean;
  indexRangeFilters?: boolean;
  moduleConfig?: Record<string, unknown>;
  nestedProperties?: Property[];
  disableDuplicatedReferences?: boolean;
  [extra: string]: unknown;
}

/** HNSW settings we interpret; other keys are carried through untouched. */
export interface HnswConfig {
  distance: DistanceMetric;
  ef: number;
  efConstruction: number;
  maxConnections: number;
  dynamicEfMin: number;
  dynamicEfMax: number;
  dynamicEfFactor: number;
  flatSearchCutoff: number;
  skip: boolean;
  [extra: string]: unknown;
}

export interface NamedVectorConfig {
  vectorizer: Record<string, unknown>;
  vectorIndexType: string;
  vectorIndexConfig: HnswConfig;
  [extra: string]: unknown;
}

export interface MultiTenancyConfig {
  enabled: boolean;
  autoTenantCreation: boolean;
  autoTenantActivation: boolean;
}

export interface Collection {
  class: string;
  description?: string;
  properties: Property[];
  vectorizer?: string;
  vectorIndexType?: string;
  vectorIndexConfig?: HnswConfig;
  vectorConfig?: Record<string, NamedVectorConfig>;
  moduleConfig?: Record<string, unknown>;
  invertedIndexConfig: Record<string, unknown>;
  multiTenancyConfig: MultiTenancyConfig;
  replicationConfig: Record<string, unknown>;
  shardingConfig: Record<string, unknown>;
  [extra: string]: unknown;
}

/**
 * A property as a request carries it after validation and name normalisation, before defaults:
 * flags may be missing, `string` types and `indexInverted` may still be present.
 */
export interface PropertyInput {
  name: string;
  dataType: string[];
  description?: string;
  tokenization?: string;
  indexFilterable?: boolean;
  indexSearchable?: boolean;
  indexRangeFilters?: boolean;
  /** Deprecated since Weaviate 1.19; converted by the defaults. */
  indexInverted?: boolean;
  moduleConfig?: Record<string, unknown>;
  nestedProperties?: PropertyInput[];
  [extra: string]: unknown;
}

/** One named vector as a request carries it (vectorizer as `{"<module>": {...}}`). */
export interface NamedVectorInput {
  vectorizer?: Record<string, unknown>;
  vectorIndexType?: string;
  vectorIndexConfig?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** A collection definition as a request carries it after validation, before defaults. */
export interface CollectionInput {
  class: string;
  description?: string;
  properties?: PropertyInput[];
  vectorizer?: string;
  vectorIndexType?: string;
  vectorIndexConfig?: Record<string, unknown>;
  vectorConfig?: Record<string, NamedVectorInput>;
  moduleConfig?: Record<string, unknown>;
  invertedIndexConfig?: Record<string, unknown>;
  multiTenancyConfig?: Partial<MultiTenancyConfig>;
  replicationConfig?: Record<string, unknown>;
  shardingConfig?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** The name under which a class-level (legacy, unnamed) vector is kept internally. */
export const LEGACY_VECTOR = "";

/** One vector space of a collection: the legacy vector ("") or a named vector. */
export interface VectorSpace {
  name: string;
  indexType: string;
  config: HnswConfig;
}

/** The vector spaces a collection indexes, legacy one first. */
export function vectorSpacesOf(collection: Collection): VectorSpace[] {
  const spaces: VectorSpace[] = [];
  if (collection.vectorIndexConfig) {
    spaces.push({
      name: LEGACY_VECTOR,
      indexType: collection.vectorIndexType ?? "hnsw",
      config: collection.vectorIndexConfig,
    });
  }
  for (const [name, config] of Object.entries(collection.vectorConfig ?? {})) {
    spaces.push({ name, indexType: config.vectorIndexType, config: config.vectorIndexConfig });
  }
  return spaces;
}

/** Case-insensitive property lookup, as Weaviate matches incoming keys. */
export function findProperty(properties: readonly Property[], name: string): Property | undefined {
  const lower = name.toLowerCase();
  return properties.find((property) => property.name.toLowerCase() === lower);
}
