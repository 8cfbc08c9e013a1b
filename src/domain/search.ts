/**
 * Search parameters as plain data: what a Get, Aggregate or Explore asks for once the wire shape
 * (GraphQL arguments) has been parsed. The search use case consumes these; it never sees GraphQL.
 */
import { unprocessable } from "../errors/index.ts";
import type { Filter } from "./filter.ts";
import type { StoredObject } from "./object.ts";

/** A vector-search target: a literal vector, or the vector of a stored object. */
export interface NearVectorTarget {
  kind: "vector";
  vector: number[];
}

export interface NearObjectTarget {
  kind: "object";
  id: string;
  /** From a beacon; otherwise the object is looked up in the queried collection(s). */
  className?: string;
}

export interface NearSearch {
  target: NearVectorTarget | NearObjectTarget;
  /** Named vectors to search; empty/undefined = the collection's only vector space. */
  targetVectors?: string[];
  /** Keep hits with distance ≤ this. */
  distance?: number;
  /** Keep hits with certainty ≥ this (cosine only). */
  certainty?: number;
}

/** `bm25: {query, properties, searchOperator}`. */
export interface KeywordSearch {
  query: string;
  /** Property names, each optionally `^<int>`-boosted; all searchable ones when absent or empty. */
  properties?: string[];
  /** And: every query term in one property; Or: at least minimumOrTokensMatch of them (default 1). */
  operator?: "And" | "Or";
  minimumOrTokensMatch?: number;
}

export type FusionType = "rankedFusion" | "relativeScoreFusion";

/** `hybrid: {...}`: a keyword and a vector search fused; alpha weighs the vector side. */
export interface HybridSearch {
  query: string;
  alpha: number;
  fusionType: FusionType;
  /** The vector side's query vector; without one, the stored object's vector cannot be derived (no vectorizer). */
  vector?: number[];
  properties?: string[];
  targetVectors?: string[];
  maxVectorDistance?: number;
  operator?: "And" | "Or";
  minimumOrTokensMatch?: number;
}

export interface SortClause {
  /** One property name, or `_id`, `_creationTimeUnix`, `_lastUpdateTimeUnix`. */
  path: string;
  order: "asc" | "desc";
}

export interface GroupBySpec {
  path: string;
  groups: number;
  objectsPerGroup: number;
}

/**
 * The legacy `group` argument: results whose vectors are closer than `force` (as (1 − cos) / 2)
 * to a member of a group join it; `closest` keeps each group's best hit, `merge` fuses it.
 */
export interface GroupSpec {
  type: "closest" | "merge";
  force: number;
}

export interface GetParams {
  className: string;
  tenant?: string;
  where?: Filter;
  near?: NearSearch;
  keyword?: KeywordSearch;
  hybrid?: HybridSearch;
  limit: number;
  offset: number;
  after?: string;
  sort?: SortClause[];
  autocut?: number;
  groupBy?: GroupBySpec;
  group?: GroupSpec;
  /** `_additional { certainty }` was asked for: refused unless the searched space is cosine. */
  wantsCertainty?: boolean;
  /**
   * Only ids, distances and certainties are selected: a vector search need not read the objects
   * (hits then carry an object with the id alone).
   */
  idsOnly?: boolean;
}

/** One object found by a search, with its distance when a vector search ran. */
export interface SearchHit {
  object: StoredObject;
  distance?: number;
  /** 1 − distance/2, only for cosine spaces. */
  certainty?: number;
  /** bm25 or fused hybrid score (float32). */
  score?: number;
  explainScore?: string;
  group?: HitGroup;
}

export interface HitGroup {
  id: number;
  groupedBy: { path: string[]; value: string };
  count: number;
  minDistance: number;
  maxDistance: number;
  hits: SearchHit[];
}

/** Which aggregations a query asked for, per property. */
export interface AggregateProperty {
  name: string;
  topOccurrencesLimit?: number;
}

export interface AggregateParams {
  className: string;
  tenant?: string;
  where?: Filter;
  near?: NearSearch;
  hybrid?: HybridSearch;
  objectLimit?: number;
  /** A property path of length 1; one result per distinct value. */
  groupBy?: string[];
  /** Limits the number of groups. */
  limit?: number;
  properties: AggregateProperty[];
}

export interface AggregateGroup {
  /** `value` as GraphQL prints it; `stored` the element as stored (a beacon for a reference), so gRPC can type it. */
  groupedBy?: { path: string[]; value: string; stored: unknown };
  count: number;
  /** Per property name: every aggregation its type supports (GraphQL picks the selected ones). */
  properties: Record<string, Record<string, unknown>>;
}

export interface ExploreParams {
  near: NearSearch;
  limit: number;
  offset: number;
}

export interface ExploreHit {
  className: string;
  id: string;
  distance: number;
  /** Only when the classes searched use cosine. */
  certainty?: number;
}

/**
 * Refuses a page that reaches past QUERY_MAXIMUM_RESULTS (REST listing, Get, Explore alike),
 * with Weaviate's message.
 */
export function checkResultWindow(offset: number, limit: number, maximum: number): void {
  if (offset + limit > maximum) {
    throw unprocessable(
      `query maximum results exceeded: the total limit calculated from the provided offset '${offset}' and limit '${limit}' exceeds the configured value for QUERY_MAXIMUM_RESULTS '${maximum}'. Use the cursor API (after) or raise QUERY_MAXIMUM_RESULTS`,
    );
  }
}
