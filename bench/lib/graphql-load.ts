/** GraphQL queries against the service: the query strings, reply parsing and a load runner. */
import { indexOfUuid } from "./data.ts";
import { recallAtK } from "./ground-truth.ts";
import type { KeepAliveClient } from "./http.ts";
import { HIGH_CONCURRENCY, K } from "./query-settings.ts";
import { type CpuUse, sampleCpu } from "./server.ts";
import { type Measured, secondsSince, summarize } from "./stats.ts";

/** The query weaviate-ts-client builds for `.withNearVector({vector}).withLimit(10).withFields("_additional{id distance}")`. */
export function nearVectorQuery(vector: readonly number[], fields = ""): string {
  return `{Get{Bench(nearVector:{vector:${JSON.stringify(vector)}},limit:${K}){${fields}_additional{id distance}}}}`;
}

export const graphqlBody = (query: string) => Buffer.from(JSON.stringify({ query }));

interface GraphQLReply {
  data?: { Get?: Record<string, unknown[] | null> };
  errors?: Array<{ message?: string }>;
}

export function parseGraphQL(text: string): GraphQLReply {
  const reply = JSON.parse(text) as GraphQLReply;
  if (reply.errors?.length) throw new Error(`GraphQL errors: ${reply.errors.map((e) => e.message).join("; ")}`);
  return reply;
}

/** Dataset indices of a nearVector reply's hits. */
export function hitIndices(text: string): number[] {
  const hits = parseGraphQL(text).data?.Get?.["Bench"];
  if (!Array.isArray(hits)) throw new Error(`unexpected nearVector reply: ${text.slice(0, 300)}`);
  return hits.map((hit) => {
    const id = (hit as { _additional?: { id?: unknown } })._additional?.id;
    const index = typeof id === "string" ? indexOfUuid(id) : -1;
    if (index < 0) throw new Error(`hit with an unknown id: ${JSON.stringify(hit)}`);
    return index;
  });
}

/** Sends every body once, `concurrency` in flight; latency per request and the reply texts. */
export async function runLoad(client: KeepAliveClient, bodies: readonly Buffer[], concurrency: number) {
  const latencies = new Array<number>(bodies.length);
  const texts = new Array<string>(bodies.length);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      const t0 = performance.now();
      const reply = await client.post("/v1/graphql", bodies[i]!);
      latencies[i] = performance.now() - t0;
      if (reply.status !== 200) throw new Error(`POST /v1/graphql: ${reply.status} ${reply.text.slice(0, 300)}`);
      texts[i] = reply.text;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  return { latencies, texts, wall: secondsSince(started) };
}

/** The warm-up queries once at concurrency 1 (replies checked), then `rounds` times at HIGH_CONCURRENCY. */
export async function warmUpNearVector(client: KeepAliveClient, warmup: readonly number[][], rounds = 1): Promise<void> {
  const bodies = warmup.map((q) => graphqlBody(nearVectorQuery(q)));
  const warm = await runLoad(client, bodies, 1);
  warm.texts.forEach(hitIndices);
  for (let round = 0; round < rounds; round++) await runLoad(client, bodies, HIGH_CONCURRENCY);
}

/** A measured search run and the CPU it used (the server's, with its pid). */
export interface MeasuredRun extends Measured {
  cpu: CpuUse;
}

/**
 * Every query's nearVector (also selecting `fields`) at `concurrency`: rate, latencies, recall@10
 * and the CPU used while the queries ran (the replies are parsed afterwards).
 */
export async function measureNearVector(
  client: KeepAliveClient,
  queries: readonly number[][],
  truth: readonly Int32Array[],
  concurrency: number,
  { fields = "", pid }: { fields?: string; pid?: number | undefined } = {},
): Promise<MeasuredRun> {
  const bodies = queries.map((q) => graphqlBody(nearVectorQuery(q, fields)));
  const { result: run, cpu } = await sampleCpu(pid, () => runLoad(client, bodies, concurrency));
  return { summary: summarize(run.latencies, run.wall), recall: recallAtK(run.texts.map(hitIndices), truth, K), cpu };
}
