/** What the search use case needs from its neighbours; the shards and collections implement it. */
import type { Collection, StoredObject } from "../domain/index.ts";

/** An object with its current vector label (docId). */
export interface LabelledObject {
  object: StoredObject;
  docId: number;
}

/**
 * One comparison the inverted index answers directly (only for properties with
 * indexFilterable). Text values are single tokens as the property's tokenization makes them;
 * dates are epoch milliseconds; uuids lower-case.
 */
export interface IndexLookup {
  property: string;
  type: "text" | "number" | "boolean" | "uuid";
  operator: "Equal" | "GreaterThan" | "GreaterThanEqual" | "LessThan" | "LessThanEqual";
  value: string | number | boolean;
}

export interface NearestHit {
  id: string;
  docId: number;
  distance: number;
}

/** One shard's read side, as search sees it. */
export interface SearchShard {
  readonly objectCount: number;
  getRecords(ids: string[]): Promise<Array<LabelledObject | undefined>>;
  /** Objects in insertion (docId) order. */
  scanByDocId(): AsyncIterable<LabelledObject>;
  /** Objects in ascending UUID order after `after`. */
  list(options: { after?: string; limit: number }): Promise<StoredObject[]>;
  /** Objects (id and current vector label) whose index entries satisfy one comparison. */
  indexLookup(lookup: IndexLookup): AsyncIterable<{ id: string; docId: number }>;
  /** Vector dimensions of a space once known. */
  dimensions(space: string): number | undefined;
  nearest(
    space: string,
    vector: readonly number[],
    k: number,
    /** Vector labels the search is restricted to. */
    allow?: ReadonlySet<number>,
  ): Promise<NearestHit[]>;
}

export interface SearchCatalog {
  get(name: string): Collection | undefined;
  list(): Collection[];
}

/** The shards a query reads: a collection's one, or a tenant's. */
export interface SearchShards {
  /**
   * The shards a request on (collection, tenant) reads, after the tenant checks of reference
   * §4.4 (which may activate the tenant, as the collection is configured).
   */
  shardsFor(collection: Collection, tenant: string | undefined): Promise<SearchShard[]>;
  /** The shards of an ordinary collection, as filters through references read them. */
  shardsOf(className: string): SearchShard[];
}
