/**
 * Builds the enabled backup backends from configuration (Config's `backup` section has this
 * shape). main.ts calls it and hands the result to the backup use case.
 */
import type { BackupBackend, BackupBackendName } from "../backup/index.ts";
import { FilesystemBackend, type FilesystemBackendOptions } from "./filesystem.ts";
import { S3Backend, type S3BackendOptions } from "./s3.ts";

export { FilesystemBackend, type FilesystemBackendOptions } from "./filesystem.ts";
export { S3Backend, type S3BackendOptions } from "./s3.ts";

/** One entry per module; undefined when the module is not enabled. */
export interface BackupBackendsOptions {
  readonly filesystem: FilesystemBackendOptions | undefined;
  readonly s3: S3BackendOptions | undefined;
}

/** The enabled backends by name; a name that is absent means "module not enabled". */
export function createBackupBackends(
  options: BackupBackendsOptions,
): ReadonlyMap<BackupBackendName, BackupBackend> {
  const backends = new Map<BackupBackendName, BackupBackend>();
  if (options.filesystem) backends.set("filesystem", new FilesystemBackend(options.filesystem));
  if (options.s3) backends.set("s3", new S3Backend(options.s3));
  return backends;
}
