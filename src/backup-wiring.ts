/**
 * Composition of the backup use case: the enabled backends, the operation log in the data
 * directory, and the shards adapter (snapshots out, staged shards in).
 */
import path from "node:path";
import type { Readable } from "node:stream";
import type { Logger } from "pino";
import {
  BackupCoordinator,
  type BackupMetrics,
  type BackupShards,
  createBackupBackends,
  OperationLog,
} from "./backup/index.ts";
import type { CollectionService } from "./collections/index.ts";
import type { Config } from "./config/index.ts";
import { decodeSnapshot, encodeSnapshot, loadShard, type Shard, type ShardRegistry } from "./shards/index.ts";
import type { TenantService } from "./tenants/index.ts";

function shardsAdapter(shards: ShardRegistry, collections: CollectionService, tenants: TenantService<Shard>): BackupShards {
  const whole = (shard: Shard) => ({
    objectCount: shard.objectCount,
    snapshot: () => encodeSnapshot(shard.snapshotEntries()),
  });
  return {
    shardsOf: (className) => {
      const backup = tenants.forBackup(className);
      const collection = collections.get(className);
      if (!backup || !collection) {
        return shards.shardsOf(className).map((shard) => ({
          name: shard.name,
          open: async () => ({ ...whole(shard), release: async () => undefined }),
        }));
      }
      return backup.local.map((tenant) => ({
        name: tenant,
        open: async () => {
          // An INACTIVE tenant's shard opens for the backup alone and closes after it, unless
          // the tenant was activated meanwhile.
          const wasOpen = shards.openedTenant(className, tenant) !== undefined;
          const shard = await shards.openTenant(collection, tenant);
          const release = async () => {
            const now = tenants.get(className, tenant)?.activityStatus;
            if (!wasOpen && now !== "HOT") await shards.closeTenant(className, tenant);
          };
          return { ...whole(shard), release };
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
  tenants: TenantService<Shard>,
  logger: Logger,
  serverVersion: string,
  metrics?: BackupMetrics,
): { coordinator: BackupCoordinator; log: OperationLog } {
  const log = new OperationLog(path.join(config.dataPath, "backup-operations.json"));
  const coordinator = new BackupCoordinator({
    backends: createBackupBackends(config.backup),
    catalog: collections,
    shards: shardsAdapter(shards, collections, tenants),
    log,
    node: config.clusterHostname,
    serverVersion,
    logger,
    metrics,
  });
  return { coordinator, log };
}
