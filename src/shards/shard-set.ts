/**
 * The shards of one single-tenant collection as one object store: an id is read and written in
 * the shard its sharding state places it in, multi-id calls split by shard, and listings merge
 * the shards in uuid order (so the `after` cursor works across them, as in Weaviate). With one
 * shard it is that shard and nothing more.
 */
import { checkVectorLengths, type StoredObject } from "../domain/index.ts";
import { pushTo } from "../lib/index.ts";
import type { Placement } from "./sharding-state.ts";
import type { Shard } from "./shard.ts";

const byId = (a: StoredObject, b: StoredObject) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class ShardSet {
  constructor(
    private readonly placement: Placement,
    private readonly shards: ReadonlyMap<string, Shard>,
  ) {}

  /** The shard that holds (or will hold) object `id`. */
  shardOf(id: string): Shard {
    return this.shards.get(this.placement.shardOf(id))!;
  }

  /** Items split by the shard their ids place them in, each group in input order. */
  partition<T>(items: readonly T[], idOf: (item: T) => string): Array<{ shard: Shard; items: T[] }> {
    if (this.shards.size === 1) {
      const [only] = this.shards.values();
      return items.length === 0 ? [] : [{ shard: only!, items: [...items] }];
    }
    const groups = new Map<Shard, T[]>();
    for (const item of items) pushTo(groups, this.shardOf(idOf(item)), item);
    return [...groups].map(([shard, group]) => ({ shard, items: group }));
  }

  get(id: string): Promise<StoredObject | undefined> {
    return this.shardOf(id).get(id);
  }

  async getMany(ids: string[]): Promise<Array<StoredObject | undefined>> {
    const result = new Array<StoredObject | undefined>(ids.length);
    const positions = ids.map((id, position) => ({ id, position }));
    for (const { shard, items } of this.partition(positions, (item) => item.id)) {
      const found = await shard.getMany(items.map((item) => item.id));
      items.forEach((item, i) => {
        result[item.position] = found[i];
      });
    }
    return result;
  }

  /**
   * Writes each shard's part atomically; vector lengths are checked across the whole set first,
   * so shards of one collection never disagree on a vector space's dimensions.
   */
  async put(objects: StoredObject[], options: { keepCreationTime?: boolean } = {}): Promise<void> {
    const seen = new Map<string, number>();
    for (const object of objects) checkVectorLengths(object.vectors, (space) => this.dimensions(space), seen);
    for (const { shard, items } of this.partition(objects, (object) => object.id)) await shard.put(items, options);
  }

  modify(
    id: string,
    change: (current: StoredObject | undefined) => Promise<StoredObject | undefined>,
  ): Promise<StoredObject | undefined> {
    return this.shardOf(id).modify(id, change);
  }

  async delete(ids: string[]): Promise<string[]> {
    const deleted: string[] = [];
    for (const { shard, items } of this.partition(ids, (id) => id)) deleted.push(...(await shard.delete(items)));
    return deleted;
  }

  /** Objects in ascending uuid order across every shard, after `after` when given. */
  async list(options: { after?: string; limit: number }): Promise<StoredObject[]> {
    if (this.shards.size === 1) return [...this.shards.values()][0]!.list(options);
    const all: StoredObject[] = [];
    for (const shard of this.shards.values()) all.push(...(await shard.list(options)));
    return all.sort(byId).slice(0, options.limit);
  }

  /** Every object with its vector label, shard after shard. */
  async *scan(): AsyncIterable<{ object: StoredObject }> {
    for (const shard of this.shards.values()) yield* shard.scan();
  }

  /** A vector space's dimensions once any shard has a vector in it. */
  dimensions(space: string): number | undefined {
    for (const shard of this.shards.values()) {
      const dimensions = shard.dimensions(space);
      if (dimensions !== undefined) return dimensions;
    }
    return undefined;
  }
}
