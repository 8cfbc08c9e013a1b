/** What the object use cases need from their neighbours; adapters implement these. */
import type { AutoSchemaPlan } from "../collections/index.ts";
import type { Collection, Filter, StoredObject } from "../domain/index.ts";

/** One shard's object storage, as the object use cases see it. */
export interface ObjectShard {
  get(id: string): Promise<StoredObject | undefined>;
  getMany(ids: string[]): Promise<Array<StoredObject | undefined>>;
  put(objects: StoredObject[], options?: { keepCreationTime?: boolean }): Promise<void>;
  /** Read-modify-write of one object under the shard's write lock. */
  modify(
    id: string,
    change: (current: StoredObject | undefined) => Promise<StoredObject | undefined>,
  ): Promise<StoredObject | undefined>;
  delete(ids: string[]): Promise<string[]>;
  list(options: { after?: string; limit: number }): Promise<StoredObject[]>;
  scan(): AsyncIterable<{ object: StoredObject }>;
  dimensions(space: string): number | undefined;
  /**
   * Items split by the physical shard their ids live in (a collection may have several), so a
   * batch can write, and report failures, shard by shard.
   */
  partition<T>(items: readonly T[], idOf: (item: T) => string): Array<{ shard: ObjectShard; items: T[] }>;
}

/**
 * Finds the objects of a collection matching a where filter, through the inverted index where it
 * can (the search use case implements it). Ids in insertion order, at most `limit`.
 */
export interface FilterMatcher {
  matchingIds(collection: Collection, filter: Filter, limit: number, tenant?: string): Promise<string[]>;
}

export interface ShardLocator {
  /**
   * The shard (collection, tenant) addresses, after the tenant checks of reference §4.4 (a
   * tenant on an ordinary collection, none on a multi-tenant one, unknown or inactive tenants);
   * writes may create the tenant, any access may activate it, as the collection is configured.
   */
  shardFor(collection: Collection, tenant: string | undefined, intent: "read" | "write"): Promise<ObjectShard>;
}

export interface CollectionCatalog {
  get(name: string): Collection | undefined;
  list(): Collection[];
  ensure(
    className: string,
    build: (existing: Collection | undefined) => AutoSchemaPlan,
  ): Promise<Collection>;
}
