/**
 * Which physical shard of a collection holds an object, by Weaviate's rule: the token of an
 * object is murmur3 (x64, first 64 bits) of its uuid's 16 bytes; virtual shards split the token
 * ring at their `upper` bounds (an upper bound is the murmur3 of the virtual shard's random
 * name, so the ring is cut at pseudo-random points); each virtual shard belongs to one physical
 * shard. The virtual layer is what later moves between shards or nodes without rehashing
 * objects. The state is made once per collection and persisted beside its shards (and in
 * backups), because the random cut points cannot be derived again.
 */
import { randomInt } from "node:crypto";
import { murmur3Sum64 } from "../lib/index.ts";

const NAME_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const TOKEN_SPACE = 2n ** 64n;

/** Weaviate names shards (physical and virtual) with 12 random alphanumerics. */
export function newShardName(): string {
  let name = "";
  for (let i = 0; i < 12; i++) name += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return name;
}

export interface VirtualShard {
  name: string;
  /** The highest token it owns, a uint64 in decimal (JSON has no 64-bit integers). */
  upper: string;
  physical: string;
}

/** A collection's sharding state, as persisted. */
export interface ShardingState {
  /** Physical shard names in name order. */
  physical: string[];
  /** Ordered by `upper`. */
  virtual: VirtualShard[];
}

/**
 * A new state: `virtualPerPhysical` virtual shards per physical one, cut points from their
 * names, dealt to the physical shards (in name order) round robin after a shuffle.
 */
export function initShardingState(physicalNames: readonly string[], virtualPerPhysical: number): ShardingState {
  const physical = [...physicalNames].sort();
  if (physical.length === 0) throw new Error("a sharding state needs at least one physical shard");
  const count = Math.max(1, virtualPerPhysical) * physical.length;
  const cuts = Array.from({ length: count }, () => {
    const name = newShardName();
    return { name, upper: murmur3Sum64(Buffer.from(name, "latin1")) };
  });
  cuts.sort((a, b) => (a.upper < b.upper ? -1 : a.upper > b.upper ? 1 : 0));
  const order = cuts.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const owner = new Array<string>(count);
  order.forEach((position, i) => {
    owner[position] = physical[i % physical.length]!;
  });
  return {
    physical,
    virtual: cuts.map((cut, i) => ({ name: cut.name, upper: cut.upper.toString(), physical: owner[i]! })),
  };
}

/** Checks a persisted state's shape and invariants; throws naming what is wrong. */
export function parseShardingState(raw: unknown): ShardingState {
  const state = raw as Partial<ShardingState> | null;
  if (!state || !Array.isArray(state.physical) || !Array.isArray(state.virtual) || state.virtual.length === 0) {
    throw new Error("sharding state: physical and virtual shard lists expected");
  }
  const physical = new Set(state.physical);
  let previous = -1n;
  for (const shard of state.virtual) {
    const upper = BigInt(shard.upper);
    if (upper <= previous || upper >= TOKEN_SPACE) throw new Error("sharding state: virtual shards out of order");
    if (!physical.has(shard.physical)) throw new Error(`sharding state: unknown physical shard ${shard.physical}`);
    previous = upper;
  }
  return { physical: [...state.physical], virtual: state.virtual.map((shard) => ({ ...shard })) };
}

/** Looks physical shards up by object id. */
export class Placement {
  private readonly uppers: bigint[];
  private readonly owners: string[];

  constructor(readonly state: ShardingState) {
    this.uppers = state.virtual.map((shard) => BigInt(shard.upper));
    this.owners = state.virtual.map((shard) => shard.physical);
  }

  /** The physical shard of a canonical (lower-case, hyphenated) uuid. */
  shardOf(id: string): string {
    if (this.state.physical.length === 1) return this.state.physical[0]!;
    const token = murmur3Sum64(Buffer.from(id.replaceAll("-", ""), "hex"));
    // The first virtual shard whose upper bound is at or above the token; past the last cut
    // the ring wraps to the first.
    let low = 0;
    let high = this.uppers.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.uppers[middle]! < token) low = middle + 1;
      else high = middle;
    }
    return this.owners[low === this.uppers.length ? 0 : low]!;
  }
}
