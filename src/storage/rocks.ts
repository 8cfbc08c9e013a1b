/**
 * RocksDB adapter: a promise-based key-value store with an explicit open → close lifecycle.
 * Calls after close fail with RESOURCE_CLOSED instead of crashing the native binding.
 */
import { promises as fs } from "node:fs";
import rocksdb from "rocksdb";
import { resourceClosed } from "../errors/index.ts";
import { yieldToEventLoop } from "../lib/index.ts";

export type WriteOp = { type: "put"; key: Buffer; value: Buffer } | { type: "del"; key: Buffer };

export interface KeyRange {
  gt?: Buffer;
  gte?: Buffer;
  lt?: Buffer;
  lte?: Buffer;
  reverse?: boolean;
  limit?: number;
  /**
   * Bytes fetched per trip to the native side (rocksdb's highWaterMark, default 16 KiB). Full
   * scans (snapshots) go faster with more; a scan that may stop early should leave it small.
   */
  readAheadBytes?: number;
}

/** What a shard needs from a key-value engine. */
export interface KeyValueStore {
  readonly location: string;
  get(key: Buffer): Promise<Buffer | undefined>;
  getMany(keys: Buffer[]): Promise<Array<Buffer | undefined>>;
  /** Applies all ops atomically; `sync` waits for the write-ahead log to reach the disk. */
  write(ops: WriteOp[], options?: { sync?: boolean }): Promise<void>;
  entries(range: KeyRange): AsyncIterable<[Buffer, Buffer]>;
  keys(range: KeyRange): AsyncIterable<Buffer>;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

type Callback<T = void> = (error: Error | null | undefined, value?: T) => void;

function promisify<T>(call: (done: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    call((error, value) => (error ? reject(error) : resolve(value as T)));
  });
}

/** Ops a write hands the binding at once; larger writes go through a chained batch, chunk by chunk. */
const WRITE_CHUNK = 20_000;

const isNotFound = (error: unknown) =>
  error instanceof Error && /NotFound/i.test(error.message);

class RocksStore implements KeyValueStore {
  private open = true;
  private readonly db: ReturnType<typeof rocksdb>;
  readonly location: string;
  private readonly openIterators = new Set<{ end(cb: Callback): void }>();

  constructor(db: ReturnType<typeof rocksdb>, location: string) {
    this.db = db;
    this.location = location;
  }

  get isOpen() {
    return this.open;
  }

  private assertOpen() {
    if (!this.open) throw resourceClosed(`store ${this.location}`);
  }

  async get(key: Buffer): Promise<Buffer | undefined> {
    this.assertOpen();
    try {
      return await promisify<Buffer>((done) => this.db.get(key, { asBuffer: true }, done));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async getMany(keys: Buffer[]): Promise<Array<Buffer | undefined>> {
    this.assertOpen();
    if (keys.length === 0) return [];
    const values = await promisify<Array<Buffer | undefined>>((done) =>
      this.db.getMany(keys, { asBuffer: true }, done),
    );
    return values.map((value) => value ?? undefined);
  }

  async write(ops: WriteOp[], options: { sync?: boolean } = {}): Promise<void> {
    this.assertOpen();
    if (ops.length === 0) return;
    const sync = options.sync ?? false;
    if (ops.length <= WRITE_CHUNK) {
      await promisify((done) => this.db.batch(ops, { sync }, done));
      return;
    }
    // The binding copies every op into its WriteBatch on the main thread: a large import's batch
    // (hundreds of thousands of ops with postings) would block the event loop for a second. A
    // chained batch takes them a chunk at a time, yielding in between, and is still written
    // atomically, in one WriteBatch.
    const batch = this.db.batch();
    for (let start = 0; start < ops.length; start += WRITE_CHUNK) {
      if (start > 0) await yieldToEventLoop();
      this.assertOpen();
      for (const op of ops.slice(start, start + WRITE_CHUNK)) {
        if (op.type === "put") batch.put(op.key, op.value);
        else batch.del(op.key);
      }
    }
    await promisify((done) => batch.write({ sync }, done));
  }

  async *entries(range: KeyRange): AsyncIterable<[Buffer, Buffer]> {
    for await (const [key, value] of this.iterate(range, true)) yield [key, value as Buffer];
  }

  async *keys(range: KeyRange): AsyncIterable<Buffer> {
    for await (const [key] of this.iterate(range, false)) yield key;
  }

  private async *iterate(
    range: KeyRange,
    withValues: boolean,
  ): AsyncIterable<[Buffer, Buffer | undefined]> {
    this.assertOpen();
    const { readAheadBytes, ...bounds } = range;
    const iterator = this.db.iterator({
      ...bounds,
      ...(readAheadBytes ? { highWaterMark: readAheadBytes } : {}),
      limit: range.limit ?? -1,
      keys: true,
      values: withValues,
      keyAsBuffer: true,
      valueAsBuffer: true,
    });
    this.openIterators.add(iterator);
    try {
      while (true) {
        // close() ends the native iterator under a scan paused between entries; resuming it
        // must fail as every call on a closed store does, not with the binding's plain error.
        this.assertOpen();
        const entry = await new Promise<[Buffer, Buffer] | undefined>((resolve, reject) => {
          iterator.next((error, key, value) => {
            if (error) reject(error);
            else resolve(key === undefined ? undefined : [key as Buffer, value as Buffer]);
          });
        });
        if (!entry) return;
        yield entry;
      }
    } finally {
      this.openIterators.delete(iterator);
      await promisify((done) => iterator.end(done)).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    for (const iterator of this.openIterators) {
      await promisify((done) => iterator.end(done)).catch(() => undefined);
    }
    await promisify((done) => this.db.close(done));
  }
}

/** Opens (creating if needed) a RocksDB store in `location`. */
export async function openStore(location: string): Promise<KeyValueStore> {
  await fs.mkdir(location, { recursive: true });
  const db = rocksdb(location);
  await promisify((done) => db.open({ createIfMissing: true, errorIfExists: false }, done));
  return new RocksStore(db, location);
}
