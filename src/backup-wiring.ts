/**
 * Composition of the backup use case: the enabled backends, the operation log in the data
 * directory, and the shards adapter (snapshots out, staged shards in).
 */
import path from "node:path";
import type { Readable } from "node:stream";
import type { Logger } from "pino";
import { BackupCoordinator, type BackupMetrics, type BackupShards, OperationLog } from "./backup/index.ts";
import { createBackupBackends } from "./backup-backends/index.ts";
import type { CollectionService } from "./collections/index.ts";
import type { Config } from "./config/index.ts";
import type { ShardRouter } from "./routing/index.ts";
import { decodeSnapshot, encodeSnapshot, loadShard, type Shard, type ShardRegistry, type ShardSet } from "./shards/index.ts";
import type { TenantService } from "./tenants/index.ts";

function shardsAdapter(
  shards: ShardRegistry,
  router: ShardRouter<Shard, ShardSet>,
  collections: CollectionService,
  tenants: TenantService<Shard>,
): BackupShards {
  return {
    shardsOf: (className) => {
      const collection = collections.get(className);
      if (!collection) return [];
      return router.backupShards(collection).map(({ name, open }) => ({
        name,
        open: async () => {
          const { shard, release } = await open();
          return { objectCount: shard.objectCount, snapshot: () => encodeSnapshot(shard.snapshotEntries()), release };
        },
      }));
    },
    tenantsOf: (className) => tenants.forBackup(className)?.tenants,
    shardingStateOf: (className) => shards.shardingState(className),
    restoreTenants: (className, list) => tenants.restoreList(className, list),
    forgetTenants: (className) => tenants.forget(className),
    stagingDir: (label) => shards.stagingDir(label),
    loadStaged: async (dir: string, shardName, definition, snapshot: Readable) => {
      const shard = await loadShard(dir, shardName, definition, decodeSnapshot(snapshot));
      await shard.close();
    },
    placeCollection: (className, staged, shardingState) => shards.placeCollection(className, staged, shardingState),
  };
}

export function wireBackups(
  config: Config,
  collections: CollectionService,
  shards: ShardRegistry,
  router: ShardRouter<Shard, ShardSet>,
  tenants: TenantService<Shard>,
  logger: Logger,
  serverVersion: string,
  metrics?: BackupMetrics,
): { coordinator: BackupCoordinator; log: OperationLog } {
  const log = new OperationLog(path.join(config.dataPath, "backup-operations.json"));
  const coordinator = new BackupCoordinator({
    backends: createBackupBackends(config.backup),
    catalog: collections,
    shards: shardsAdapter(shards, router, collections, tenants),
    log,
    node: config.clusterHostname,
    serverVersion,
    logger,
    metrics,
  });
  return { coordinator, log };
}
