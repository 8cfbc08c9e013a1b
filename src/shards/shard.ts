/**
 * A shard: one RocksDB keyspace holding objects, their vectors and inverted-index entries, plus
 * one vector index per vector space. Writes are serialised per shard and reach RocksDB (synced)
 * before the vector indexes change and before the caller can acknowledge them.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import {
  checkVectorLengths,
  type Collection,
  type PropertyTerms,
  type StoredObject,
  type VectorSpace,
  vectorSpacesOf,
} from "../domain/index.ts";
import { readOnly, resourceClosed, unprocessable } from "../errors/index.ts";
import { Mutex, yieldToEventLoop } from "../lib/index.ts";
import {
  decodeRecord,
  type KeyValueStore,
  type ObjectRecord,
  objectKey,
  openStore,
  Prefix,
  prefixEnd,
  prefixStart,
  type WriteOp,
} from "../storage/index.ts";
import { type IndexLookup, indexRange, UUID_LENGTH } from "./index-range.ts";
import type { KeywordIndex } from "./keyword-index.ts";
import { ensureKeywordPostings, KeywordMemory } from "./keyword-store.ts";
import {
  additionOps,
  DOC_ID_COUNTER,
  decodeCounter,
  encodeCounter,
  OBJECT_COUNT,
  READ_ONLY,
  removalOps,
} from "./record-ops.ts";
import { replayIntoIndexes } from "./replay.ts";
import { listObjects, scanByDocId, scanByUuid } from "./scans.ts";
import { ShardVectors } from "./vectors.ts";


/** What GET /v1/schema/{c}/shards reports; INDEXING can be asked for but reads as READY. */
export type ShardStatus = "READY" | "READONLY";
/** Inserts allowed to wait for the vector thread before writers are held back. */
const MAX_UNINDEXED = 20_000;
/** Objects whose write ops are built between two yields to the event loop (large batches). */
const YIELD_EVERY = 2000;

/** One inverted-index hit: an object id and its current vector label. */
export interface IndexEntry {
  id: string;
  docId: number;
}

export interface NearestHit {
  id: string;
  docId: number;
  distance: number;
}

export class Shard {
  private readonly writes = new Mutex();
  private docIdCounter = 0;
  private count = 0;
  private closed = false;
  private isReadOnly = false;
  private spaces: VectorSpace[];
  /** Mirrors the `d` family in memory: ~100 bytes per object, one RocksDB read less per search. */
  private readonly uuidByLabel = new Map<number, string>();
  /** The bm25 postings in memory, loaded by the first keyword search (see keyword-index.ts). */
  private readonly keyword: KeywordMemory;

  private constructor(
    readonly name: string,
    readonly dir: string,
    private collection: Collection,
    private readonly store: KeyValueStore,
    private readonly vectors: ShardVectors,
  ) {
    this.spaces = vectorSpacesOf(collection);
    this.keyword = new KeywordMemory(store);
  }

  /** Opens (creating if needed) the shard in `dir` and brings its vector indexes up to date. */
  static async open(dir: string, name: string, collection: Collection): Promise<Shard> {
    await fs.mkdir(dir, { recursive: true });
    const store = await openStore(path.join(dir, "kv"));
    const spaces = vectorSpacesOf(collection);
    const { vectors, plan } = await ShardVectors.open(path.join(dir, "vectors"), spaces);
    const shard = new Shard(name, dir, collection, store, vectors);
    shard.docIdCounter = decodeCounter(await store.get(DOC_ID_COUNTER));
    shard.count = decodeCounter(await store.get(OBJECT_COUNT));
    shard.isReadOnly = (await store.get(READ_ONLY)) !== undefined;
    await ensureKeywordPostings(store, collection);
    await replayIntoIndexes(store, vectors, shard.uuidByLabel, plan);
    return shard;
  }

  /**
   * The shard's objects as one point-in-time view (a single RocksDB iterator), for a snapshot.
   */
  async *snapshotEntries(): AsyncIterable<[Buffer, Buffer]> {
    this.assertOpen();
    // Only the object records: everything else (labels, inverted entries, counters) is derived
    // from them when the snapshot is loaded, which keeps a snapshot to one entry per object.
    const range = { gte: prefixStart(Prefix.object), lt: prefixEnd(Prefix.object), readAheadBytes: 1024 * 1024 };
    yield* this.store.entries(range);
  }

  get objectCount(): number {
    return this.count;
  }

  /** Vectors in the shard's vector indexes, all vector spaces together (metrics). */
  vectorCount(): Promise<number> {
    this.assertOpen();
    return this.vectors.size();
  }

  get status(): ShardStatus {
    return this.isReadOnly ? "READONLY" : "READY";
  }

  /**
   * READONLY refuses every write (put, modify, delete) until READY again; reads go on. Ordered
   * with the writes (the shard's write lock) and synced, so it holds across a restart.
   */
  setStatus(status: ShardStatus): Promise<void> {
    return this.writes.run(async () => {
      this.assertOpen();
      const refuseWrites = status === "READONLY";
      const op: WriteOp = refuseWrites
        ? { type: "put", key: READ_ONLY, value: Buffer.alloc(0) }
        : { type: "del", key: READ_ONLY };
      await this.store.write([op], { sync: true });
      this.isReadOnly = refuseWrites;
    });
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.isReadOnly) throw readOnly(this.name);
  }

  /** Applies a collection update (new properties, new vector spaces, search settings). */
  setCollection(collection: Collection): void {
    this.collection = collection;
    this.spaces = vectorSpacesOf(collection);
    this.vectors.updateSpaces(this.spaces);
  }

  private assertOpen(): void {
    if (this.closed) throw resourceClosed(`shard ${this.name}`);
  }

  /** The dimensions vectors of a space must have, once the first vector fixed them. */
  dimensions(space: string): number | undefined {
    return this.vectors.dimensions(space);
  }

  /** Items by the shard that holds them: all of them here (a ShardSet splits among several). */
  partition<T>(items: readonly T[], _idOf: (item: T) => string): Array<{ shard: Shard; items: T[] }> {
    return items.length === 0 ? [] : [{ shard: this, items: [...items] }];
  }

  async get(id: string): Promise<StoredObject | undefined> {
    return (await this.getRecords([id]))[0]?.object;
  }

  async getMany(ids: string[]): Promise<Array<StoredObject | undefined>> {
    return (await this.getRecords(ids)).map((record) => record?.object);
  }

  /** Objects with their current vector labels (docIds). */
  async getRecords(ids: string[]): Promise<Array<ObjectRecord | undefined>> {
    this.assertOpen();
    const raw = await this.store.getMany(ids.map(objectKey));
    return raw.map((value, i) => (value ? decodeRecord(ids[i]!, value) : undefined));
  }

  /**
   * Inserts or replaces objects atomically; later entries with the same id win. With
   * `keepCreationTime`, a replaced object keeps the creationTimeUnix it had (batch upserts).
   */
  put(objects: StoredObject[], options: { keepCreationTime?: boolean } = {}): Promise<void> {
    return this.writes.run(() => this.putLocked(objects, options.keepCreationTime ?? false));
  }

  /**
   * Read-modify-write of one object under the shard's write lock, so concurrent merges and
   * reference appends never lose each other's changes. `change` returns the new version, or
   * undefined to leave the object as it is.
   */
  modify(
    id: string,
    change: (current: StoredObject | undefined) => Promise<StoredObject | undefined>,
  ): Promise<StoredObject | undefined> {
    return this.writes.run(async () => {
      this.assertWritable();
      const next = await change((await this.getRecords([id]))[0]?.object);
      if (next) await this.putLocked([next], false);
      return next;
    });
  }

  private async putLocked(objects: StoredObject[], keepCreationTime: boolean): Promise<void> {
    this.assertWritable();
    this.checkDimensions(objects);
    // One definition for the whole batch, even if the collection changes while it is built.
    const collection = this.collection;
    const previous = await this.getRecords(objects.map((object) => object.id));
    const current = new Map<string, ObjectRecord | undefined>();
    objects.forEach((object, i) => {
      if (!current.has(object.id)) current.set(object.id, previous[i]);
    });
    const deletes: WriteOp[] = [];
    const puts: WriteOp[] = [];
    const replaced: number[] = [];
    const unindexed: Array<[number, PropertyTerms[]]> = [];
    const indexed: Array<[number, PropertyTerms[]]> = [];
    const added = new Set<ObjectRecord>();
    let count = this.count;
    let counter = this.docIdCounter;
    for (const [i, object] of objects.entries()) {
      if (i > 0 && i % YIELD_EVERY === 0) await yieldToEventLoop();
      const old = current.get(object.id);
      let stored = object;
      if (old) {
        unindexed.push([old.docId, removalOps(collection, old, deletes)]);
        replaced.push(old.docId);
        if (keepCreationTime) {
          stored = { ...object, creationTimeUnix: old.object.creationTimeUnix };
        }
      } else {
        count++;
      }
      const record: ObjectRecord = { object: stored, docId: ++counter };
      current.set(object.id, record);
      added.add(record);
    }
    // Only the final version of each id is stored; earlier versions in the batch were removed.
    const finals = [...current.values()].filter(
      (record): record is ObjectRecord => record !== undefined && added.has(record),
    );
    for (const [i, record] of finals.entries()) {
      if (i > 0 && i % YIELD_EVERY === 0) await yieldToEventLoop();
      indexed.push([record.docId, additionOps(collection, record, puts)]);
    }
    puts.push({ type: "put", key: DOC_ID_COUNTER, value: encodeCounter(counter) });
    puts.push({ type: "put", key: OBJECT_COUNT, value: encodeCounter(count) });
    await this.store.write([...deletes, ...puts], { sync: true });
    this.docIdCounter = counter;
    this.count = count;
    this.keyword.update(unindexed, indexed);
    for (const docId of replaced) {
      this.vectors.remove(docId);
      this.uuidByLabel.delete(docId);
    }
    for (const record of finals) {
      this.vectors.add(record.docId, record.object.vectors);
      this.uuidByLabel.set(record.docId, record.object.id);
    }
    // Vectors are inserted on the vector thread after the acknowledgement; past a backlog the
    // writer waits (holding the shard's write lock), so an import cannot outrun indexing
    // without bound.
    await this.vectors.drain(MAX_UNINDEXED);
  }

  private checkDimensions(objects: StoredObject[]): void {
    const seen = new Map<string, number>();
    for (const object of objects) {
      for (const space of Object.keys(object.vectors)) {
        if (!this.vectors.index(space)) {
          throw unprocessable(`collection ${this.collection.class} has no vector named '${space}'`);
        }
      }
      checkVectorLengths(object.vectors, (space) => this.vectors.dimensions(space), seen);
    }
  }

  /** Deletes objects by id; returns the ids that existed. */
  delete(ids: string[]): Promise<string[]> {
    return this.writes.run(async () => {
      this.assertWritable();
      const unique = [...new Set(ids)];
      const records = (await this.getRecords(unique)).filter(
        (record): record is ObjectRecord => record !== undefined,
      );
      if (records.length === 0) return [];
      const ops: WriteOp[] = [];
      const unindexed = records.map((record): [number, PropertyTerms[]] => [record.docId, removalOps(this.collection, record, ops)]);
      const count = this.count - records.length;
      ops.push({ type: "put", key: OBJECT_COUNT, value: encodeCounter(count) });
      await this.store.write(ops, { sync: true });
      this.count = count;
      this.keyword.update(unindexed, []);
      for (const record of records) {
        this.vectors.remove(record.docId);
        this.uuidByLabel.delete(record.docId);
      }
      return records.map((record) => record.object.id);
    });
  }

  /** Objects in ascending UUID order, starting after `after` when given. */
  list(options: { after?: string; limit: number }): Promise<StoredObject[]> {
    this.assertOpen();
    return listObjects(this.store, options);
  }

  /** Every object with its vector label, in UUID order. */
  scan(): AsyncIterable<ObjectRecord> {
    this.assertOpen();
    return scanByUuid(this.store);
  }

  /** Every object with its vector label, in insertion (docId) order. */
  scanByDocId(): AsyncIterable<ObjectRecord> {
    this.assertOpen();
    return scanByDocId(this.store, (ids) => this.getRecords(ids));
  }

  /**
   * Objects whose inverted-index entries satisfy one comparison: an Equal on a token, number,
   * boolean or uuid is a prefix scan, a range on a number (dates as epoch ms) a range scan.
   * Yields the object id and its current vector label, in key order.
   */
  async *indexLookup(lookup: IndexLookup): AsyncIterable<IndexEntry> {
    this.assertOpen();
    for await (const [key, value] of this.store.entries(indexRange(lookup))) {
      yield { id: key.toString("latin1", key.length - UUID_LENGTH), docId: decodeCounter(value) };
    }
  }

  /**
   * The k nearest objects to `vector` in one vector space, optionally restricted to an
   * allow-list of vector labels (the docIds inverted-index entries carry).
   */
  async nearest(
    space: string,
    vector: readonly number[],
    k: number,
    allow?: ReadonlySet<number>,
  ): Promise<NearestHit[]> {
    this.assertOpen();
    const index = this.vectors.index(space);
    if (!index) throw unprocessable(`collection ${this.collection.class} has no vector named '${space}'`);
    if (index.dimensions !== undefined && index.dimensions !== vector.length) {
      throw unprocessable(`vector lengths don't match: ${vector.length} vs ${index.dimensions}`);
    }
    const hits = await index.search(vector, k, allow);
    const result: NearestHit[] = [];
    hits.labels.forEach((docId, i) => {
      const id = this.uuidByLabel.get(docId);
      if (id) result.push({ id, docId, distance: hits.distances[i]! });
    });
    return result;
  }

  /** The keyword index, loaded on first use under the write lock (no write falls between the load and its upkeep). */
  keywordIndex(): Promise<KeywordIndex> {
    this.assertOpen();
    return this.keyword.index(this.writes);
  }

  /** The uuid of the live object holding a docId (keyword hits are docIds). */
  idOf(docId: number): string | undefined {
    return this.uuidByLabel.get(docId);
  }

  /** Saves the vector indexes when they changed, then forgets the deletions they now contain. */
  save(): Promise<void> {
    return this.writes.run(() => this.saveLocked());
  }

  private async saveLocked(): Promise<void> {
    if (this.closed || !this.vectors.dirty) return;
    await this.vectors.save(this.docIdCounter);
    const ops: WriteOp[] = [];
    const range = { gte: prefixStart(Prefix.tombstone), lt: prefixEnd(Prefix.tombstone) };
    for await (const key of this.store.keys(range)) ops.push({ type: "del", key });
    await this.store.write(ops, { sync: true });
  }

  /**
   * Saves what is unsaved and releases the store and the indexes. `save: false` skips the index
   * save, leaving the files as a crash would (the next open replays from RocksDB).
   */
  close(options: { save?: boolean } = {}): Promise<void> {
    return this.writes.run(async () => {
      if (this.closed) return;
      if (options.save !== false) await this.saveLocked();
      this.closed = true;
      this.vectors.close();
      await this.store.close();
    });
  }

  /** Closes without saving and deletes every file of the shard. */
  drop(): Promise<void> {
    return this.writes.run(async () => {
      if (!this.closed) {
        this.closed = true;
        this.vectors.close();
        await this.store.close();
      }
      await fs.rm(this.dir, { recursive: true, force: true });
    });
  }
}
