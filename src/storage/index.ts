/** RocksDB adapter: the key-value store, the shard key layout and the record codec. */
export * from "./inverted.ts";
export * from "./keys.ts";
export * from "./postings.ts";
export * from "./record.ts";
export { SchemaFile } from "./schema-file.ts";
export { type KeyRange, type KeyValueStore, openStore, type WriteOp } from "./rocks.ts";
export { TenantFiles } from "./tenant-file.ts";
