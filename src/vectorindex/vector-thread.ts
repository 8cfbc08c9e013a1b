/**
 * The vector thread: owns every HNSW index of the process and applies requests in the order they
 * were posted, so the native work (inserts, searches, saves) runs on a core of its own while the
 * main thread serves HTTP, GraphQL and RocksDB.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { parentPort } from "node:worker_threads";
import { HnswIndex } from "./hnsw.ts";
import type { ThreadReply, ThreadRequest } from "./thread-protocol.ts";

const indexes = new Map<number, HnswIndex>();
const port = parentPort!;

/**
 * hnswlib-node frees an index's native memory (vectors, links, and a fixed table of 65,536 label
 * locks: ~2.7 MB even for an empty index) only when its JS wrapper is garbage-collected, and it
 * reports none of that memory to V8. This thread's JS heap stays tiny, so that collection would
 * practically never run and closed indexes (INACTIVE tenants) would stay in memory. A close
 * therefore asks for one full collection shortly after; closing many at once costs one.
 */
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
let collectTimer: NodeJS.Timeout | undefined;

function collectSoon(): void {
  if (collectTimer) return;
  collectTimer = setTimeout(() => {
    collectTimer = undefined;
    collectGarbage();
  }, 100);
}

function reply(message: ThreadReply): void {
  port.postMessage(message);
}

function indexFor(id: number): HnswIndex {
  const index = indexes.get(id);
  if (!index) throw new Error(`vector index ${id} is not open`);
  return index;
}

function handle(request: ThreadRequest): unknown {
  switch (request.op) {
    case "create":
      indexes.set(request.index, new HnswIndex(request.settings));
      return undefined;
    case "load":
      indexes.set(request.index, HnswIndex.load(request.settings, request.file, request.dims, request.live));
      return undefined;
    case "add": {
      const index = indexFor(request.index);
      const { dims, vectors } = request;
      request.labels.forEach((label, i) => {
        index.add(label, Array.from(vectors.subarray(i * dims, (i + 1) * dims)));
      });
      return undefined;
    }
    case "remove": {
      const index = indexFor(request.index);
      for (const label of request.labels) index.remove(label);
      return undefined;
    }
    case "search": {
      const allowed = request.allow ? new Set(request.allow) : undefined;
      const filter = allowed ? (label: number) => allowed.has(label) : undefined;
      return indexFor(request.index).search(request.vector, request.k, filter);
    }
    case "save": {
      const index = indexFor(request.index);
      return index.save(request.file) ? index.size : undefined;
    }
    case "size":
      return indexFor(request.index).size;
    case "settings":
      indexFor(request.index).updateSettings(request.settings);
      return undefined;
    case "close":
      indexes.get(request.index)?.close();
      indexes.delete(request.index);
      collectSoon();
      return undefined;
  }
}

port.on("message", (request: ThreadRequest) => {
  const seq = "seq" in request ? request.seq : undefined;
  try {
    const value = handle(request);
    if (seq !== undefined) reply({ seq, ok: true, value });
  } catch (error) {
    // Requests without a seq (remove, settings, close) have nobody waiting; they only fail for
    // an index that is gone, which is harmless.
    if (seq !== undefined) reply({ seq, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
