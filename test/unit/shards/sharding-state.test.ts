/**
 * The sharding state (which physical shard holds an object): murmur3 as Weaviate computes it,
 * virtual shards dealt evenly, lookups by token with the ring wrapping, and states that survive
 * a JSON round trip unchanged.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { murmur3Sum64 } from "../../../src/lib/index.ts";
import { initShardingState, Placement, parseShardingState } from "../../../src/shards/index.ts";

describe("murmur3Sum64 (MurmurHash3 x64 128, first half, seed 0)", () => {
  it("matches the reference implementation's values", () => {
    // Values of the reference C++ MurmurHash3_x64_128 (h1), as Go's murmur3.Sum64 returns them.
    const cases: Array<[string, string]> = [
      ["", "0000000000000000"],
      ["a", "85555565f6597889"],
      ["hello", "cbd8a7b341bd9b02"],
      ["0123456789abcdef", "4be06d94cf4ad1a7"],
      ["0123456789abcdefg", "8e32612daa45f9de"],
    ];
    for (const [input, hex] of cases) {
      assert.equal(murmur3Sum64(Buffer.from(input, "latin1")).toString(16).padStart(16, "0"), hex, input);
    }
  });
});

describe("initShardingState", () => {
  it("deals virtualPerPhysical virtual shards to each physical one, cut points in order", () => {
    const state = initShardingState(["c", "a", "b"], 16);
    assert.deepEqual(state.physical, ["a", "b", "c"]);
    assert.equal(state.virtual.length, 48);
    for (const name of state.physical) {
      assert.equal(state.virtual.filter((shard) => shard.physical === name).length, 16, name);
    }
    const uppers = state.virtual.map((shard) => BigInt(shard.upper));
    assert.ok(uppers.every((upper, i) => i === 0 || upper > uppers[i - 1]!));
    for (const shard of state.virtual) assert.equal(BigInt(shard.upper), murmur3Sum64(Buffer.from(shard.name, "latin1")));
  });

  it("survives a JSON round trip and refuses a damaged state", () => {
    const state = initShardingState(["x", "y"], 8);
    assert.deepEqual(parseShardingState(JSON.parse(JSON.stringify(state))), state);
    const unordered = { ...state, virtual: [...state.virtual].reverse() };
    assert.throws(() => parseShardingState(unordered), /out of order/);
    const stranger = { ...state, physical: ["x"] };
    assert.throws(() => parseShardingState(stranger), /unknown physical shard y/);
    assert.throws(() => parseShardingState({}), /expected/);
  });
});

describe("Placement", () => {
  it("puts an id in the owner of the first virtual shard at or above its token, wrapping past the last", () => {
    const state = initShardingState(["p", "q", "r", "s"], 32);
    const placement = new Placement(state);
    for (let i = 0; i < 500; i++) {
      const id = randomUUID();
      const token = murmur3Sum64(Buffer.from(id.replaceAll("-", ""), "hex"));
      const owner = state.virtual.find((shard) => token <= BigInt(shard.upper)) ?? state.virtual[0]!;
      assert.equal(placement.shardOf(id), owner.physical, id);
    }
  });

  it("is the same for the same state, and spreads ids over every shard", () => {
    const state = initShardingState(["p", "q", "r"], 128);
    const first = new Placement(state);
    const again = new Placement(parseShardingState(JSON.parse(JSON.stringify(state))));
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const id = randomUUID();
      assert.equal(first.shardOf(id), again.shardOf(id));
      counts.set(first.shardOf(id), (counts.get(first.shardOf(id)) ?? 0) + 1);
    }
    // 128 virtual shards each keep every share near a third; 20% is far outside chance.
    for (const name of state.physical) assert.ok((counts.get(name) ?? 0) > 600, `${name}: ${counts.get(name)}`);
  });

  it("with one physical shard, everything goes there", () => {
    const placement = new Placement(initShardingState(["only"], 128));
    assert.equal(placement.shardOf(randomUUID()), "only");
  });
});
