/**
 * The cross-reference part of bench:query: 100 Authors and 100 Articles (Article → hasAuthor →
 * Author), the reference query, a check of its reply, and storage reads counted per query.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { startApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/index.ts";
import { Shard } from "../../src/shards/index.ts";
import { graphqlBody, parseGraphQL } from "./graphql-load.ts";
import { importBatches, post } from "./service.ts";

export const AUTHORS = 100;
export const ARTICLES = 100;

export const REF_QUERY = `{Get{Article(limit:${ARTICLES}){title hasAuthor{... on Author{name}}}}}`;

const authorId = (i: number) => `00000000-0000-4000-8001-${i.toString(16).padStart(12, "0")}`;
const articleId = (i: number) => `00000000-0000-4000-8002-${i.toString(16).padStart(12, "0")}`;

/** 100 Authors and 100 Articles, article i → author i. */
export async function importReferences(url: string): Promise<void> {
  await post(`${url}/v1/schema`, { class: "Author", properties: [{ name: "name", dataType: ["text"] }] });
  await post(`${url}/v1/schema`, {
    class: "Article",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "hasAuthor", dataType: ["Author"] },
    ],
  });
  await importBatches(url, {
    count: AUTHORS,
    batchSize: AUTHORS,
    concurrency: 1,
    objectFor: (i) => ({ class: "Author", id: authorId(i), properties: { name: `author ${i}` } }),
  });
  await importBatches(url, {
    count: ARTICLES,
    batchSize: ARTICLES,
    concurrency: 1,
    objectFor: (i) => ({
      class: "Article",
      id: articleId(i),
      properties: {
        title: `article ${i}`,
        hasAuthor: [{ beacon: `weaviate://localhost/Author/${authorId(i % AUTHORS)}` }],
      },
    }),
  });
}

/** Every article came back with its one author. */
export function checkRefReply(text: string): void {
  const articles = parseGraphQL(text).data?.Get?.["Article"];
  if (!Array.isArray(articles) || articles.length !== ARTICLES) {
    throw new Error(`expected ${ARTICLES} articles, got: ${text.slice(0, 300)}`);
  }
  for (const entry of articles) {
    const article = entry as { title?: string; hasAuthor?: Array<{ name?: string }> | null };
    const i = Number(article.title?.replace("article ", ""));
    const names = article.hasAuthor?.map((author) => author.name);
    if (names?.length !== 1 || names[0] !== `author ${i % AUTHORS}`) {
      throw new Error(`article ${article.title}: wrong hasAuthor ${JSON.stringify(article.hasAuthor)}`);
    }
  }
}

/**
 * Storage reads per query, counted on a server started in this process (the child server's
 * internals are out of reach): every call that reaches RocksDB for a query — a batched record
 * read, a listing, an index lookup or a scan — counts once, whatever the number of keys.
 */
export async function storageReadsPerQuery(): Promise<{ reference: number; nearVector: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-reads-"));
  const app = await startApp(
    loadConfig({ HOST: "127.0.0.1", PORT: "0", PERSISTENCE_DATA_PATH: dir, VECTOR_INDEX_SAVE_INTERVAL_SECONDS: "0" }),
    pino({ level: "silent" }),
  );
  const counted = ["getRecords", "list", "indexLookup", "scanByDocId"] as const;
  const originals = counted.map((name) => Shard.prototype[name]);
  let reads = 0;
  try {
    counted.forEach((name, i) => {
      const original = originals[i] as (...args: unknown[]) => unknown;
      (Shard.prototype as unknown as Record<string, unknown>)[name] = function (this: Shard, ...args: unknown[]) {
        reads++;
        return original.apply(this, args);
      };
    });
    await importReferences(app.url);
    await post(`${app.url}/v1/schema`, { class: "Bench", vectorIndexConfig: { distance: "cosine" } });
    await post(`${app.url}/v1/batch/objects`, {
      objects: Array.from({ length: 50 }, (_, i) => ({ class: "Bench", vector: [1, i, 2] })),
    });
    const once = async (query: string) => {
      reads = 0;
      const response = await fetch(`${app.url}/v1/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: graphqlBody(query),
      });
      await response.arrayBuffer();
      return reads;
    };
    return {
      reference: await once(REF_QUERY),
      nearVector: await once("{Get{Bench(nearVector:{vector:[1,2,3]},limit:10){_additional{id distance}}}}"),
    };
  } finally {
    counted.forEach((name, i) => {
      (Shard.prototype as unknown as Record<string, unknown>)[name] = originals[i];
    });
    await app.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
