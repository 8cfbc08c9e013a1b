/** Backups: the backend port, the stored format, and writing / reading a backup's data. */
export type {
  BackupBackend,
  BackupBackendName,
  BackupBody,
  BackupLocation,
} from "./ports.ts";
export { checkBackupId, safeSegments } from "./ports.ts";
export * from "./format.ts";
export { readChunk, readJson } from "./read.ts";
export { type BackupProgress, type BackupSource, type SnapshotSource, type WriteBackupRequest, writeBackupData } from "./write.ts";
export {
  BackupCoordinator,
  type BackupCoordinatorDeps,
  type BackupFinished,
  type BackupMetrics,
  type OperationReply,
} from "./coordinator.ts";
export { OperationLog } from "./status.ts";
export type { BackupConfigInput, BackupCreateRequest, BackupRestoreRequest } from "./requests.ts";
export type { BackupCatalog, BackupShards } from "./ports.ts";
