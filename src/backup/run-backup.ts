/**
 * A backup in the background: TRANSFERRING while the shards stream to the backend, then
 * backup_config.json is written last (a half-written backup is never mistaken for a finished
 * one), then SUCCESS. A failure or a cancel removes what was written, so the id can be reused.
 */
import type { BackupCoordinatorDeps, BackupFinished } from "./coordinator.ts";
import { BACKUP_CONFIG_KEY, BACKUP_FORMAT_VERSION, type BackupDescriptor, DESCRIPTOR_VERSION } from "./format.ts";
import type { BackupBackend } from "./ports.ts";
import type { BackupConfig } from "./requests.ts";
import { cancelMessage, type OperationRecord } from "./status.ts";
import { writeBackupData } from "./write.ts";

export async function runBackup(
  deps: BackupCoordinatorDeps,
  backend: BackupBackend,
  started: OperationRecord,
  config: BackupConfig,
  signal: AbortSignal,
): Promise<void> {
  const record: OperationRecord = {
    ...started,
    status: "TRANSFERRING",
    filesTotal: started.classes.reduce((sum, name) => sum + deps.shards.shardsOf(name).length, 0),
  };
  await deps.log.set(record);
  try {
    const descriptor = await writeBackupData(
      backend,
      {
        collection: (name) => deps.catalog.get(name),
        shardsOf: (name) => deps.shards.shardsOf(name),
        tenantsOf: (name) => deps.shards.tenantsOf(name),
        shardingStateOf: (name) => deps.shards.shardingStateOf(name),
      },
      {
        id: record.id,
        node: deps.node,
        classes: record.classes,
        compression: config.compression,
        serverVersion: deps.serverVersion,
        location: config.location,
        startedAt: new Date(record.startedAt),
      },
      {
        signal,
        onBytes: (bytes) => {
          record.bytesDone += bytes;
        },
        onFile: () => {
          record.filesDone++;
        },
      },
    );
    await deps.log.set({ ...record, status: "TRANSFERRED" });
    const completedAt = new Date().toISOString();
    const global: BackupDescriptor = {
      id: record.id,
      startedAt: record.startedAt,
      completedAt,
      nodes: {
        [deps.node]: {
          classes: record.classes,
          status: "SUCCESS",
          preCompressionSizeBytes: descriptor.preCompressionSizeBytes,
        },
      },
      node_mapping: null,
      status: "SUCCESS",
      version: DESCRIPTOR_VERSION,
      formatVersion: BACKUP_FORMAT_VERSION,
      serverVersion: deps.serverVersion,
      leader: deps.node,
      preCompressionSizeBytes: descriptor.preCompressionSizeBytes,
      compressionType: config.compression.type,
    };
    signal.throwIfAborted();
    await backend.write(record.id, BACKUP_CONFIG_KEY, JSON.stringify(global), config.location);
    const sizeBytes = descriptor.classes.flatMap((c) => c.chunks).reduce((sum, chunk) => sum + chunk.bytes, 0);
    deps.metrics?.finished(finishedEvent(record, backend, "SUCCESS"));
    await deps.log.set({ ...record, status: "SUCCESS", completedAt, sizeBytes });
    deps.logger.info({ backup: record.id, backend: backend.name, bytes: sizeBytes }, "backup finished");
  } catch (error) {
    const canceled = signal.aborted;
    await backend.remove(record.id, config.location).catch(() => undefined);
    // Recorded before the final status shows, so whoever sees it sees the metrics too.
    deps.metrics?.finished(finishedEvent(record, backend, canceled ? "CANCELED" : "FAILED"));
    await deps.log.set({
      ...record,
      status: canceled ? "CANCELED" : "FAILED",
      error: canceled ? cancelMessage("backup", signal) : (error as Error).message,
      completedAt: new Date().toISOString(),
    });
    if (!canceled) deps.logger.error({ backup: record.id, err: error }, "backup failed");
  }
}

/** The metrics port's report of an ended operation (backup or restore). */
export function finishedEvent(record: OperationRecord, backend: BackupBackend, status: BackupFinished["status"]): BackupFinished {
  return {
    kind: record.kind,
    backend: backend.name,
    status,
    seconds: Math.max(0, Date.now() - Date.parse(record.startedAt)) / 1000,
    bytes: record.bytesDone,
  };
}
