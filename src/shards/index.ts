/** Collection → shard composition: a RocksDB keyspace plus vector indexes per shard. */
export { ShardRegistry, type ShardLogger } from "./registry.ts";
export type { IndexLookup } from "./index-range.ts";
export { type IndexEntry, type NearestHit, Shard } from "./shard.ts";
export { ShardSet } from "./shard-set.ts";
export { initShardingState, Placement, parseShardingState, type ShardingState } from "./sharding-state.ts";
export { decodeSnapshot, encodeSnapshot, loadShard, SNAPSHOT_FORMAT_VERSION } from "./snapshot.ts";
