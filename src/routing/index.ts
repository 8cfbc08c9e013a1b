/** (collection, tenant, intent) → shards: the one router every use case's shard access goes through. */
export { type BackupShard, type Intent, type ShardDirectory, ShardRouter, type TenantGate } from "./router.ts";
