/**
 * bench:keyword's import: the class Doc (two text properties, BM25 k1 / b set explicitly, no
 * vectorizer) made over POST /v1/schema, the corpus over POST /v1/batch/objects with a 32-dim
 * vector per object, and the size of the server's data directory afterwards.
 */
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { uuidFor } from "./data.ts";
import { type Corpus, fieldText, vectorOf } from "./keyword-corpus.ts";
import { B, BATCH_SIZE, CLASS_NAME, DIMS, IMPORT_CONCURRENCY, K1 } from "./keyword-settings.ts";
import { classExists, importBatches, post, searchable } from "./service.ts";
import { secondsSince } from "./stats.ts";

export interface ImportFigures {
  /** Until the last batch was acknowledged (the objects and their inverted index are written). */
  ackSeconds: number;
  /** Until a vector search answers too, i.e. every queued HNSW insert is done. */
  searchableSeconds: number;
}

export const DOC_CLASS = {
  class: CLASS_NAME,
  vectorizer: "none",
  properties: [
    { name: "title", dataType: ["text"] },
    { name: "body", dataType: ["text"] },
  ],
  invertedIndexConfig: { bm25: { k1: K1, b: B } },
};

/** Creates Doc; fails on a server that already has one or did not take the BM25 parameters. */
export async function createDocClass(url: string): Promise<void> {
  if (await classExists(url, CLASS_NAME)) {
    throw new Error(`class ${CLASS_NAME} already exists on ${url}; the benchmark needs a server without it`);
  }
  const created = (await post(`${url}/v1/schema`, DOC_CLASS)) as { invertedIndexConfig?: { bm25?: { k1?: unknown; b?: unknown } } };
  const bm25 = created.invertedIndexConfig?.bm25;
  if (bm25?.k1 !== K1 || bm25.b !== B) {
    throw new Error(`the service did not take the BM25 config: ${JSON.stringify(created.invertedIndexConfig)}`);
  }
}

/** Imports every document (uuidFor(i), title, body, vector) in batches; both clocks start together. */
export async function importCorpus(url: string, corpus: Corpus): Promise<ImportFigures> {
  const [title, body] = corpus.fields;
  const started = performance.now();
  const ackSeconds = await importBatches(url, {
    count: corpus.count,
    batchSize: BATCH_SIZE,
    concurrency: IMPORT_CONCURRENCY,
    objectFor: (i) => ({
      class: CLASS_NAME,
      id: uuidFor(i),
      properties: { title: fieldText(corpus, title!, i), body: fieldText(corpus, body!, i) },
      vector: vectorOf(corpus, i),
    }),
  });
  await searchable(url, CLASS_NAME, DIMS);
  return { ackSeconds, searchableSeconds: secondsSince(started) };
}

/** A file's size, 0 when it is gone: RocksDB deletes files as it compacts while the walk runs. */
const sizeOf = (file: string) => lstat(file).then((stats) => stats.size, () => 0);

/** Bytes in regular files under `dir` (symbolic links not followed) and their count. */
export async function directorySize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        bytes += await sizeOf(full);
        files++;
      }
    }
  };
  await walk(dir);
  return { bytes, files };
}
