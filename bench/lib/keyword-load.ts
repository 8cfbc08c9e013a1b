/**
 * bench:keyword's GraphQL queries against Doc: bm25 and hybrid top-10 with ids and scores, sent
 * with graphql-load's runner over keep-alive HTTP, and the replies mapped back to document indices.
 */
import { indexOfUuid } from "./data.ts";
import { graphqlBody, parseGraphQL, runLoad } from "./graphql-load.ts";
import type { KeepAliveClient } from "./http.ts";
import { CLASS_NAME, HIGH_CONCURRENCY, K } from "./keyword-settings.ts";
import { type CpuUse, sampleCpu } from "./server.ts";
import { type LatencySummary, summarize } from "./stats.ts";

export const bm25Query = (terms: string) => `{Get{${CLASS_NAME}(bm25:{query:${JSON.stringify(terms)}},limit:${K}){_additional{id score}}}}`;

export const hybridQuery = (terms: string, vector: readonly number[]) =>
  `{Get{${CLASS_NAME}(hybrid:{query:${JSON.stringify(terms)},vector:${JSON.stringify(vector)},alpha:0.5},limit:${K}){_additional{id score}}}}`;

export interface Hits {
  ids: number[];
  /** Weaviate renders `_additional.score` as a string; parsed here (NaN when absent). */
  scores: number[];
}

/** Document indices and scores of a Get Doc reply; throws on GraphQL errors or an unknown id. */
export function docHits(text: string): Hits {
  const hits = parseGraphQL(text).data?.Get?.[CLASS_NAME];
  if (!Array.isArray(hits)) throw new Error(`unexpected Get ${CLASS_NAME} reply: ${text.slice(0, 300)}`);
  const ids: number[] = [];
  const scores: number[] = [];
  for (const hit of hits) {
    const additional = (hit as { _additional?: { id?: unknown; score?: unknown } })._additional;
    const index = typeof additional?.id === "string" ? indexOfUuid(additional.id) : -1;
    if (index < 0) throw new Error(`hit with an unknown id: ${JSON.stringify(hit)}`);
    ids.push(index);
    scores.push(additional?.score === null || additional?.score === undefined ? Number.NaN : Number(additional.score));
  }
  return { ids, scores };
}

/**
 * One query before any load, so a server without the argument fails with its own message rather
 * than a load runner's status line. GraphQL errors may come with 200 or 400; either is reported.
 */
export async function probe(client: KeepAliveClient, what: string, query: string): Promise<void> {
  const reply = await client.post("/v1/graphql", graphqlBody(query));
  try {
    docHits(reply.text);
    if (reply.status !== 200) throw new Error(`status ${reply.status}`);
  } catch (error) {
    let message = error instanceof Error ? error.message : String(error);
    // GraphQL errors and an unexpected reply already carry the server's words.
    if (!message.startsWith("GraphQL errors") && !message.includes(reply.text.slice(0, 50))) {
      message += `; reply: ${reply.text.slice(0, 300)}`;
    }
    throw new Error(
      `the server cannot answer a ${what} query (HTTP ${reply.status}): ${message}\n  query: ${query.slice(0, 300)}`,
    );
  }
}

export interface KeywordRun {
  summary: LatencySummary;
  cpu: CpuUse;
  hits: Hits[];
}

/** Every body once at `concurrency`, with the CPU used (the server's, with its pid); replies parsed after the clock. */
export async function measureQueries(
  client: KeepAliveClient,
  bodies: readonly Buffer[],
  concurrency: number,
  pid: number | undefined,
): Promise<KeywordRun> {
  const { result: run, cpu } = await sampleCpu(pid, () => runLoad(client, bodies, concurrency));
  return { summary: summarize(run.latencies, run.wall), cpu, hits: run.texts.map(docHits) };
}

/** The warm-up bodies once at concurrency 1 (replies checked), then once at HIGH_CONCURRENCY. */
export async function warmUp(client: KeepAliveClient, bodies: readonly Buffer[]): Promise<void> {
  const warm = await runLoad(client, bodies, 1);
  warm.texts.forEach(docHits);
  await runLoad(client, bodies, HIGH_CONCURRENCY);
}
