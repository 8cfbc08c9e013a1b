/** Backups: the backend port (and, as they arrive, the use cases that consume it). */
export type {
  BackupBackend,
  BackupBackendName,
  BackupBody,
  BackupLocation,
} from "./ports.ts";
export { checkBackupId, safeSegments } from "./ports.ts";
