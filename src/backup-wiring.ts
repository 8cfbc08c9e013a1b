/**
 * Composition of the backup use case: the enabled backends, the operation log in the data
 * directory, and the shards adapter (snapshots out, staged shards in).
 */
import path from "node:path";
import type { Readable } from "node:stream";
import type { Logger } from "pino";
import { BackupCoordinator, type BackupShards, createBackupBackends, OperationLog } from "./backup/index.ts";
import type { CollectionService } from "./collections/index.ts";
import type { Config } from "./config/index.ts";
import { decodeSnapshot, encodeSnapshot, loadShard, type ShardRegistry } from "./shards/index.ts";

function shardsAdapter(shards: ShardRegistry): BackupShards {
  return {
    shardsOf: (className) =>
      shards.shardsOf(className).map((shard) => ({
        name: shard.name,
        objectCount: shard.objectCount,
        snapshot: () => encodeSnapshot(shard.snapshotEntries()),
      })),
    stagingDir: (label) => shards.stagingDir(label),
    loadStaged: async (dir: string, shardName, definition, snapshot: Readable) => {
      const shard = await loadShard(dir, shardName, definition, decodeSnapshot(snapshot));
      await shard.close();
    },
    placeCollection: (className, staged) => shards.placeCollection(className, staged),
  };
}

export function wireBackups(
  config: Config,
  collections: CollectionService,
  shards: ShardRegistry,
  logger: Logger,
  serverVersion: string,
): { coordinator: BackupCoordinator; log: OperationLog } {
  const log = new OperationLog(path.join(config.dataPath, "backup-operations.json"));
  const coordinator = new BackupCoordinator({
    backends: createBackupBackends(config.backup),
    catalog: collections,
    shards: shardsAdapter(shards),
    log,
    node: config.clusterHostname,
    serverVersion,
    logger,
  });
  return { coordinator, log };
}
