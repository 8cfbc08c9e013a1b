/**
 * The search use case behind GraphQL: Get, Aggregate and Explore over the shards of the
 * collections, plus the batched object reads that cross-reference resolution uses.
 */
import type {
  AggregateGroup,
  AggregateParams,
  Collection,
  ExploreHit,
  ExploreParams,
  Filter,
  GetParams,
  SearchHit,
  StoredObject,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { type FilterRefs, matchingIds } from "../filters/index.ts";
import { runAggregate } from "./aggregate.ts";
import { runExplore } from "./explore.ts";
import { runGet } from "./get.ts";
import type { SearchCatalog, SearchShard, SearchShards } from "./ports.ts";
import { createReferenceResolver, type ReferenceResolver } from "./references.ts";

/** What the Get / Aggregate / Explore runners share. */
export interface SearchContext {
  catalog: SearchCatalog;
  requireCollection(className: string): Collection;
  /** The shards a request reads, after the tenant checks of §4.4. */
  shardsFor(collection: Collection, tenant: string | undefined): Promise<SearchShard[]>;
  refs: FilterRefs;
  /** QUERY_HYBRID_MAXIMUM_RESULTS: candidates per side of a hybrid search. */
  hybridCandidates: number;
}

export class SearchService {
  private readonly context: SearchContext;

  constructor(
    catalog: SearchCatalog,
    private readonly shards: SearchShards,
    options: { hybridCandidates?: number } = {},
  ) {
    const shardsFor = (collection: Collection, tenant: string | undefined) => shards.shardsFor(collection, tenant);
    this.context = {
      catalog,
      requireCollection: (className) => {
        const collection = catalog.get(className);
        if (!collection) throw unprocessable(`class ${className} does not exist in the schema`);
        return collection;
      },
      shardsFor,
      hybridCandidates: options.hybridCandidates ?? 100,
      refs: {
        collection: (name) => catalog.get(name),
        // Filters through references read ordinary collections; a path into a multi-tenant
        // class matches nothing (its objects are per tenant, and a path names no tenant).
        shards: (className) => {
          const collection = catalog.get(className);
          return collection && !collection.multiTenancyConfig.enabled ? shards.shardsOf(collection.class) : [];
        },
      },
    };
  }

  get(params: GetParams): Promise<SearchHit[]> {
    return runGet(this.context, params);
  }

  aggregate(params: AggregateParams): Promise<AggregateGroup[]> {
    return runAggregate(this.context, params);
  }

  explore(params: ExploreParams): Promise<ExploreHit[]> {
    return runExplore(this.context, params);
  }

  /** Ids of the objects matching a filter, in insertion order, at most `limit` (batch delete). */
  async matchingIds(collection: Collection, filter: Filter, limit: number, tenant?: string): Promise<string[]> {
    const ids: string[] = [];
    for (const shard of await this.shards.shardsFor(collection, tenant)) {
      for (const id of await matchingIds(shard, collection, filter, this.context.refs)) {
        if (ids.length >= limit) return ids;
        ids.push(id);
      }
    }
    return ids;
  }

  /**
   * A resolver of references for one request (its batches must not outlive it), looking target
   * collections up in `collection` (the schema the request runs against) or the catalog.
   */
  referenceResolver(collection: (className: string) => Collection | undefined = (name) => this.context.catalog.get(name)): ReferenceResolver {
    return createReferenceResolver((className, tenant, ids) => this.fetchObjects(className, tenant, ids), collection);
  }

  /** One batched read per shard of the objects with these ids, in the order asked. */
  async fetchObjects(className: string, tenant: string | undefined, ids: string[]): Promise<Array<StoredObject | undefined>> {
    const collection = this.context.catalog.get(className);
    if (!collection) return ids.map(() => undefined);
    const result: Array<StoredObject | undefined> = ids.map(() => undefined);
    for (const shard of await this.shards.shardsFor(collection, tenant)) {
      const missing = result.flatMap((object, i) => (object ? [] : [i]));
      if (missing.length === 0) break;
      const records = await shard.getRecords(missing.map((i) => ids[i]!));
      missing.forEach((position, i) => {
        result[position] = records[i]?.object;
      });
    }
    return result;
  }
}
