/** What the search use case needs from its neighbours; the shards and collections implement it. */
import type { Collection, StoredObject } from "../domain/index.ts";
import type { FilterShard } from "../filters/index.ts";

export interface NearestHit {
  id: string;
  docId: number;
  distance: number;
}

/**
 * One shard's read side, as search sees it. Search hands its shards to filter execution, so a
 * shard serves filters' reads too (getRecords, which search also uses directly; scanByDocId;
 * indexLookup).
 */
export interface SearchShard extends FilterShard {
  readonly objectCount: number;
  /** The shard's bm25 postings, read synchronously once resolved (writes change them between queries). */
  keywordIndex(): Promise<KeywordView>;
  /** The uuid of the live object holding a docId. */
  idOf(docId: number): string | undefined;
  /** Objects in ascending UUID order after `after`. */
  list(options: { after?: string; limit: number }): Promise<StoredObject[]>;
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

/** One term's postings in one property: docIds ascending, with frequencies and per-block bounds. */
export interface KeywordPostingList {
  readonly docIds: Uint32Array;
  readonly freqs: Uint32Array;
  readonly size: number;
  /** Live documents holding the term (dead postings wait for compaction). */
  readonly live: number;
  readonly blockMaxFreq: Uint32Array;
  readonly blockMinLength: Uint32Array;
}

export interface KeywordPropertyView {
  readonly terms: ReadonlyMap<string, KeywordPostingList>;
  /** Token count by docId; 0 = no live version with this property. */
  readonly lengths: Uint32Array;
  readonly docCount: number;
  readonly lengthSum: number;
}

export interface KeywordView {
  /** Postings per block bound. */
  readonly blockSize: number;
  property(name: string): KeywordPropertyView | undefined;
}
