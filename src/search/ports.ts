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
