/**
 * HNSW indexes on the vector thread. The main thread keeps only what it must answer at once
 * (dimensions) and a queue of inserts: adds are batched per tick into one message, and every
 * request is posted after the adds before it, so a search issued after a write sees that write.
 * Every message is answered in order; an add that failed on the thread (which the shard's own
 * checks make unlikely) is reported by the index's next search or save. The number of inserts
 * posted but not yet applied is tracked, so writers can be held back (drain) instead of queueing
 * unbounded memory.
 */
import { Worker } from "node:worker_threads";
import { resourceClosed } from "../errors/index.ts";
import type { ThreadReply, ThreadRequest } from "./thread-protocol.ts";
import { checkDimensions, type SearchHits, type VectorIndex, type VectorIndexSettings } from "./types.ts";

/** Runs the thread's TypeScript source through tsx's loader when this file is TypeScript itself. */
function startWorker(): Worker {
  const typescript = import.meta.url.endsWith(".ts");
  const entry = new URL(`./vector-thread.${typescript ? "ts" : "js"}`, import.meta.url);
  if (!typescript) return new Worker(entry);
  const api = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(boot, { eval: true });
}

class VectorThread {
  private worker: Worker | undefined;
  private nextSeq = 1;
  private nextIndex = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  readonly failures = new Map<number, string>();

  private get thread(): Worker {
    if (!this.worker) {
      const worker = startWorker();
      worker.on("message", (reply: ThreadReply) => this.settle(reply));
      worker.on("error", (error) => this.failAll(error));
      worker.on("exit", (code) => {
        this.worker = undefined;
        this.failAll(new Error(`the vector thread stopped (exit code ${code})`));
      });
      worker.unref();
      this.worker = worker;
    }
    return this.worker;
  }

  newIndexId(): number {
    return this.nextIndex++;
  }

  post(request: ThreadRequest, transfer?: ArrayBuffer[]): void {
    this.thread.postMessage(request, transfer);
  }

  /** Posts a request that is answered; the worker is kept referenced while answers are due. */
  request<T>(make: (seq: number) => ThreadRequest, transfer?: ArrayBuffer[]): Promise<T> {
    const seq = this.nextSeq++;
    const thread = this.thread;
    const answer = new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (value: unknown) => void, reject });
    });
    if (this.pending.size === 1) thread.ref();
    thread.postMessage(make(seq), transfer);
    return answer;
  }

  private settle(reply: ThreadReply): void {
    const waiter = this.pending.get(reply.seq);
    if (!waiter) return;
    this.pending.delete(reply.seq);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(new Error(reply.message));
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

let shared: VectorThread | undefined;
const vectorThread = () => {
  shared ??= new VectorThread();
  return shared;
};

export class ThreadedIndex implements VectorIndex {
  private readonly thread = vectorThread();
  private readonly id = this.thread.newIndexId();
  private dims: number | undefined;
  private closed = false;
  private queuedLabels: number[] = [];
  private queuedVectors: Array<readonly number[]> = [];
  private flushScheduled = false;
  /** Inserts posted to the thread and not yet applied there. */
  private unapplied = 0;
  private drainers: Array<{ maxQueued: number; resolve(): void }> = [];

  private constructor() {}

  static create(settings: VectorIndexSettings): ThreadedIndex {
    const index = new ThreadedIndex();
    index.thread.post({ op: "create", index: index.id, settings });
    return index;
  }

  /** Loads a saved index file on the vector thread; rejects when the file cannot be read. */
  static async load(settings: VectorIndexSettings, file: string, dims: number, live: number): Promise<ThreadedIndex> {
    const index = new ThreadedIndex();
    index.dims = dims;
    await index.thread.request((seq) => ({ op: "load", index: index.id, seq, settings, file, dims, live }));
    return index;
  }

  get dimensions() {
    return this.dims;
  }

  private assertOpen(): void {
    if (this.closed) throw resourceClosed("vector index");
  }

  add(label: number, vector: readonly number[]): void {
    this.assertOpen();
    checkDimensions(this.dims, vector);
    this.dims ??= vector.length;
    this.queuedLabels.push(label);
    this.queuedVectors.push(vector);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Sends the queued inserts as one message (vectors packed into one transferable buffer). */
  private flush(): void {
    this.flushScheduled = false;
    if (this.queuedLabels.length === 0 || this.closed) return;
    const dims = this.dims!;
    const vectors = new Float32Array(this.queuedLabels.length * dims);
    this.queuedVectors.forEach((vector, i) => {
      vectors.set(vector, i * dims);
    });
    const count = this.queuedLabels.length;
    this.unapplied += count;
    const labels = this.queuedLabels;
    void this.thread
      .request((seq) => ({ op: "add", index: this.id, seq, labels, dims, vectors }), [vectors.buffer])
      .catch((error: Error) => this.thread.failures.set(this.id, error.message))
      .finally(() => {
        this.unapplied -= count;
        this.wakeDrainers();
      });
    this.queuedLabels = [];
    this.queuedVectors = [];
  }

  remove(label: number): void {
    if (this.closed) return;
    this.flush();
    this.thread.post({ op: "remove", index: this.id, labels: [label] });
  }

  private checkFailure(): void {
    const failure = this.thread.failures.get(this.id);
    if (failure !== undefined) {
      this.thread.failures.delete(this.id);
      throw new Error(`vector index insert failed: ${failure}`);
    }
  }

  async search(vector: readonly number[], k: number, allow?: ReadonlySet<number>): Promise<SearchHits> {
    this.assertOpen();
    this.checkFailure();
    if (this.dims === undefined || k <= 0) return { labels: [], distances: [] };
    this.flush();
    const allowList = allow ? Float64Array.from(allow) : undefined;
    return this.thread.request<SearchHits>(
      (seq) => ({ op: "search", index: this.id, seq, vector: [...vector], k, allow: allowList }),
      allowList ? [allowList.buffer] : undefined,
    );
  }

  async save(file: string): Promise<number | undefined> {
    this.assertOpen();
    this.checkFailure();
    this.flush();
    return this.thread.request<number | undefined>((seq) => ({ op: "save", index: this.id, seq, file }));
  }

  async size(): Promise<number> {
    this.assertOpen();
    this.flush();
    return this.thread.request<number>((seq) => ({ op: "size", index: this.id, seq }));
  }

  drain(maxQueued: number): Promise<void> {
    this.flush();
    if (this.unapplied <= maxQueued) return Promise.resolve();
    return new Promise((resolve) => this.drainers.push({ maxQueued, resolve }));
  }

  private wakeDrainers(): void {
    this.drainers = this.drainers.filter((drainer) => {
      if (this.unapplied > drainer.maxQueued) return true;
      drainer.resolve();
      return false;
    });
  }

  updateSettings(settings: VectorIndexSettings): void {
    if (!this.closed) this.thread.post({ op: "settings", index: this.id, settings });
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.thread.post({ op: "close", index: this.id });
  }
}
