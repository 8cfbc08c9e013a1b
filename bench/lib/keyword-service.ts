/**
 * The service's query side of bench:keyword, against the imported Doc: bm25 top-10 over GraphQL
 * at concurrency 1 and 8, then hybrid (alpha 0.5, a query vector per query) at 8. Each kind is
 * probed once first, so a server without the argument fails with its GraphQL error.
 */
import { KeepAliveClient } from "./http.ts";
import { type Corpus, makeQueryVectors, type Query, queryText } from "./keyword-corpus.ts";
import { bm25Query, hybridQuery, type KeywordRun, measureQueries, probe, warmUp } from "./keyword-load.ts";
import { HIGH_CONCURRENCY } from "./keyword-settings.ts";
import { graphqlBody } from "./graphql-load.ts";

const log = (line: string) => console.log(line);

export interface ServiceQueryFigures {
  c1: KeywordRun;
  c8: KeywordRun;
  /** Share of queries whose c=8 top-10 ids equal the c=1 ones (a concurrency check, not a speed figure). */
  sameAtC8: number;
  hybrid: KeywordRun | undefined;
}

export interface ServiceQueryInput {
  url: string;
  pid: number | undefined;
  corpus: Corpus;
  queries: readonly Query[];
  warmup: readonly Query[];
  skipHybrid: boolean;
  vectorSeed: number;
}

const rate = (run: KeywordRun) => `${run.summary.rate.toFixed(0)} q/s, p99 ${run.summary.p99.toFixed(1)} ms`;

function sameShare(a: KeywordRun, b: KeywordRun): number {
  let same = 0;
  a.hits.forEach((hits, i) => {
    const other = b.hits[i]!.ids;
    if (hits.ids.length === other.length && hits.ids.every((id, j) => id === other[j])) same++;
  });
  return same / a.hits.length;
}

async function measureHybrid(client: KeepAliveClient, input: ServiceQueryInput): Promise<KeywordRun> {
  const { corpus, queries, warmup, pid, vectorSeed } = input;
  const vectors = makeQueryVectors(queries.length, vectorSeed);
  const warmVectors = makeQueryVectors(warmup.length, vectorSeed + 1);
  const bodies = queries.map((query, i) => graphqlBody(hybridQuery(queryText(corpus, query), vectors[i]!)));
  await probe(client, "hybrid", hybridQuery(queryText(corpus, queries[0]!), vectors[0]!));
  await warmUp(
    client,
    warmup.map((query, i) => graphqlBody(hybridQuery(queryText(corpus, query), warmVectors[i]!))),
  );
  return measureQueries(client, bodies, HIGH_CONCURRENCY, pid);
}

export async function measureServiceQueries(input: ServiceQueryInput): Promise<ServiceQueryFigures> {
  const { url, pid, corpus, queries, warmup, skipHybrid } = input;
  const client = new KeepAliveClient(url, HIGH_CONCURRENCY);
  try {
    await probe(client, "bm25", bm25Query(queryText(corpus, queries[0]!)));
    const bodies = queries.map((query) => graphqlBody(bm25Query(queryText(corpus, query))));
    await warmUp(
      client,
      warmup.map((query) => graphqlBody(bm25Query(queryText(corpus, query)))),
    );
    const c1 = await measureQueries(client, bodies, 1, pid);
    log(`service bm25 c=1: ${rate(c1)}`);
    const c8 = await measureQueries(client, bodies, HIGH_CONCURRENCY, pid);
    log(`service bm25 c=${HIGH_CONCURRENCY}: ${rate(c8)}`);
    let hybrid: KeywordRun | undefined;
    if (!skipHybrid) {
      hybrid = await measureHybrid(client, input);
      log(`service hybrid c=${HIGH_CONCURRENCY}: ${rate(hybrid)}`);
    }
    return { c1, c8, sameAtC8: sameShare(c1, c8), hybrid };
  } finally {
    client.close();
  }
}
