/**
 * offload-s3's archive format: a shard directory as one plain tar stream (POSIX ustar/pax, as
 * node-tar writes it, so an operator can inspect a copy with `tar -tf`). Not gzipped: the bulk is
 * float vectors and RocksDB's already-compressed blocks, where compression buys little and costs
 * CPU. Both directions stream and hash as they go; nothing holds the whole archive in memory.
 * Beside each archive its manifest (offload.json) records the SHA-256 it must have.
 */
import { once } from "node:events";
import { readdir } from "node:fs/promises";
import { Pack, Unpack } from "tar";
import { Tally } from "../lib/index.ts";

/** offload.json: what a downloaded archive is checked against. */
export interface Manifest {
  readonly formatVersion: 1;
  readonly sha256: string;
  readonly bytes: number;
  /** Regular files in the archive; for operators, not checked. */
  readonly files: number;
  readonly createdAt: string;
}

/** The manifest in `text`, or undefined when it is malformed or of another format version. */
export function parseManifest(text: string): Manifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const m = value as Partial<Record<keyof Manifest, unknown>> | null;
  const valid =
    typeof m === "object" &&
    m !== null &&
    m.formatVersion === 1 &&
    typeof m.sha256 === "string" &&
    /^[0-9a-f]{64}$/.test(m.sha256) &&
    Number.isSafeInteger(m.bytes) &&
    Number.isSafeInteger(m.files) &&
    typeof m.createdAt === "string";
  return valid ? (m as Manifest) : undefined;
}

/** A failure of the archive itself, as opposed to the store's: `local` = the disk, `damaged` = the bytes. */
export class ArchiveError extends Error {
  readonly kind: "local" | "damaged";
  constructor(kind: "local" | "damaged", message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ArchiveError";
    this.kind = kind;
  }
}

export interface PackedDirectory {
  /** The tar stream; read it once. */
  readonly chunks: AsyncIterable<Buffer>;
  /** Regular files packed so far (all of them once `chunks` is drained). */
  files(): number;
}

/**
 * Packs every entry under `dir`, subdirectories included, paths relative to `dir`. Strict: a file
 * that cannot be read fails the stream instead of being skipped (node-tar's default), since a
 * copy missing a RocksDB file would be accepted and then be unusable.
 */
export async function packDirectory(dir: string): Promise<PackedDirectory> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    throw new ArchiveError("local", `cannot read shard directory '${dir}': ${String(error)}`, { cause: error });
  }
  let files = 0;
  const pack = new Pack({
    cwd: dir,
    portable: true,
    strict: true,
    // Per open file (node-tar reads a few ahead); its default of 16 MiB each is more than streaming needs.
    maxReadSize: 1024 * 1024,
    onWriteEntry: (entry) => {
      if (entry.type === "File" || entry.type === "OldFile") files++;
    },
  });
  for (const name of names) pack.add(name);
  pack.end();
  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    let drained = false;
    try {
      yield* pack;
      drained = true;
    } catch (error) {
      throw new ArchiveError("local", `packing shard directory '${dir}' failed: ${String(error)}`, {
        cause: error,
      });
    } finally {
      // Abandoned half-way (the upload failed): node-tar holds the files it reads ahead open until
      // their bytes are consumed, so let the rest flow to nowhere rather than leak descriptors.
      if (!drained) pack.on("error", () => undefined).resume();
    }
  }
  return { chunks: chunks(), files: () => files };
}

/**
 * Unpacks a tar stream into `dir` (which must exist) and resolves with the stream's tally once
 * every file is written. Rejects with ArchiveError `damaged` when the bytes are not a valid
 * archive (or name a path outside `dir`: node-tar refuses those), `local` when the disk fails;
 * an error of `source` itself passes through unchanged.
 */
export async function unpackInto(source: AsyncIterable<Uint8Array>, dir: string): Promise<Tally> {
  const tally = new Tally();
  const unpack = new Unpack({ cwd: dir, strict: true, preserveOwner: false });
  let unpackError: unknown;
  const failed = new Promise<never>((_, reject) => {
    unpack.on("error", (error: unknown) => {
      unpackError ??= error;
      reject(error);
    });
  });
  failed.catch(() => undefined);
  const closed = once(unpack, "close");
  closed.catch(() => undefined);
  try {
    for await (const chunk of tally.tallied(source)) {
      if (unpackError) throw unpackError;
      if (!unpack.write(chunk)) await Promise.race([once(unpack, "drain"), failed]);
    }
    unpack.end();
    await Promise.race([closed, failed]);
  } catch (error) {
    if (error !== unpackError) throw error;
    // Filesystem errors carry a syscall; anything else is node-tar finding the bytes wrong.
    const fromDisk = typeof (error as { syscall?: unknown }).syscall === "string";
    throw new ArchiveError(
      fromDisk ? "local" : "damaged",
      fromDisk ? `writing into '${dir}' failed: ${String(error)}` : `not a valid archive: ${String(error)}`,
      { cause: error },
    );
  }
  return tally;
}
