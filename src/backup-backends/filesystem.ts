/**
 * backup-filesystem: backups as directories under BACKUP_FILESYSTEM_PATH (or an absolute
 * `config.Path` from the request). Files are written to a temporary name and renamed, so a
 * half-written file is never visible under its key.
 */
import { randomBytes } from "node:crypto";
import { constants, createWriteStream } from "node:fs";
import { access, mkdir, open, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError, notFound, unprocessable } from "../errors/index.ts";
import {
  type BackupBackend,
  type BackupBody,
  type BackupLocation,
  checkBackupId,
  safeSegments,
} from "../backup/index.ts";

/** What the filesystem backend needs (Config's `backup.filesystem` has this shape). */
export interface FilesystemBackendOptions {
  /** Absolute root directory; created on first write. */
  readonly path: string;
}

/** Temporary files carry this marker; they never look like a key or a backup id. */
const tempMarker = ".tmp-";

export class FilesystemBackend implements BackupBackend {
  readonly name = "filesystem" as const;
  readonly #root: string;

  constructor(options: FilesystemBackendOptions) {
    this.#root = path.resolve(options.path);
  }

  home(id: string, location?: BackupLocation): string {
    return path.join(this.#rootFor(location), checkBackupId(id));
  }

  async checkAccess(id: string, location?: BackupLocation): Promise<void> {
    checkBackupId(id);
    // Probe the root only: creating the backup's own directory would make it show in listIds.
    const dir = this.#rootFor(location);
    try {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
    } catch (error) {
      throw new AppError(
        "UNPROCESSABLE",
        `backup-filesystem: directory '${dir}' is not writable: ${reason(error)}`,
        { cause: error },
      );
    }
  }

  async write(
    id: string,
    key: string,
    body: BackupBody,
    location?: BackupLocation,
  ): Promise<{ bytes: number }> {
    const target = this.#file(id, key, location);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}${tempMarker}${randomBytes(6).toString("hex")}`;
    const source = typeof body === "string" || Buffer.isBuffer(body) ? Readable.from([body]) : body;
    try {
      await pipeline(source, createWriteStream(temp, { flags: "wx" }));
      const { size } = await stat(temp);
      await rename(temp, target);
      return { bytes: size };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async read(id: string, key: string, location?: BackupLocation): Promise<NodeJS.ReadableStream> {
    const file = this.#file(id, key, location);
    try {
      // Opening first makes a missing key a rejection here rather than a stream error later.
      const handle = await open(file, "r");
      return handle.createReadStream();
    } catch (error) {
      if (isMissing(error)) throw notFound(`backup file '${key}' of backup '${id}' not found`);
      throw error;
    }
  }

  async exists(id: string, key: string, location?: BackupLocation): Promise<boolean> {
    try {
      return (await stat(this.#file(id, key, location))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async listIds(location?: BackupLocation): Promise<string[]> {
    try {
      const entries = await readdir(this.#rootFor(location), { withFileTypes: true });
      return entries
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  async remove(id: string, location?: BackupLocation): Promise<void> {
    await rm(this.home(id, location), { recursive: true, force: true });
  }

  #rootFor(location?: BackupLocation): string {
    const override = location?.path;
    if (override === undefined || override === "") return this.#root;
    if (!path.isAbsolute(override) || override.includes("\0")) {
      throw unprocessable(`backup-filesystem: path '${override}' must be an absolute directory`);
    }
    // Any absolute directory may be named (as in Weaviate), but only plainly: no '.' or '..'
    // segments, backslashes or encoded slashes that would make it mean another directory.
    try {
      safeSegments("path", override.replace(/^\/+|\/+$/g, ""));
    } catch {
      throw unprocessable(
        `backup-filesystem: path '${override}' must be an absolute directory without '.', '..' or empty segments, backslashes or encoded slashes`,
      );
    }
    return path.resolve(override);
  }

  #file(id: string, key: string, location?: BackupLocation): string {
    const segments = safeSegments("key", key);
    if (segments.some((segment) => segment.includes(tempMarker))) {
      throw unprocessable(`invalid backup key '${key}': '${tempMarker}' is reserved`);
    }
    return path.join(this.home(id, location), ...segments);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
