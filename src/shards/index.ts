/** Collection → shard composition: a RocksDB keyspace plus vector indexes per shard. */
export { ShardRegistry, type ShardLogger } from "./registry.ts";
export { type IndexEntry, type IndexLookup, type NearestHit, Shard } from "./shard.ts";
