/**
 * Hybrid search as Weaviate fuses it: a vector side (weight alpha) and a bm25 side (1 − alpha),
 * each fetching QUERY_HYBRID_MAXIMUM_RESULTS candidates (or offset + limit when more); alpha 1
 * skips the keyword side, alpha 0 the vector side. relativeScoreFusion (the default) scales each
 * side's scores (bm25, or 1 − distance) to 0..1 over its candidates, rankedFusion gives
 * weight / (rank + 60); the sums rank the objects (ties: the keyword score, then uuid, both
 * descending). maxVectorDistance keeps only objects whose vector is that close.
 */
import type { Collection, Filter, HybridSearch } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { matchingEntries } from "../filters/index.ts";
import { goFloat32String } from "../lib/index.ts";
import { groupCandidates, scoredHits } from "./scored.ts";
import { keywordSearch } from "./keyword.ts";
import { checkVectorLength, nearestInShard, searchSpace } from "./near.ts";
import type { SearchContext } from "./service.ts";
import type { GetParams, SearchHit } from "../domain/index.ts";

export interface FusedHit {
  id: string;
  shard: number;
  score: number;
  explainScore: string;
}

interface Candidate {
  id: string;
  shard: number;
  /** What the fusion scales: the bm25 score, or 1 − distance. */
  value: number;
}

interface ResultSet {
  name: string;
  weight: number;
  candidates: Candidate[];
}

export interface HybridRequest {
  search: HybridSearch;
  where?: Filter;
  tenant?: string;
  /** offset + limit: at least this many fused hits are kept. */
  k: number;
}

async function vectorSide(context: SearchContext, collection: Collection, request: HybridRequest, k: number): Promise<Candidate[]> {
  const { search } = request;
  if (!search.vector) {
    throw unprocessable(`VectorFromInput was called without vectorizer on class ${collection.class} for input ${search.query}`);
  }
  const space = searchSpace(collection, search.targetVectors);
  const shards = await context.shardsFor(collection, request.tenant);
  checkVectorLength(shards, space.name, search.vector);
  const found: Array<Candidate & { distance: number }> = [];
  for (const [position, shard] of shards.entries()) {
    const allowed = request.where ? await matchingEntries(shard, collection, request.where, context.refs) : undefined;
    for (const hit of await nearestInShard(shard, space, search.vector, k, allowed)) {
      found.push({ id: hit.id, shard: position, value: 1 - hit.distance, distance: hit.distance });
    }
  }
  found.sort((a, b) => a.distance - b.distance);
  const kept = search.maxVectorDistance === undefined ? found : found.filter((hit) => hit.distance <= search.maxVectorDistance!);
  return kept.slice(0, k);
}

async function keywordSide(context: SearchContext, collection: Collection, request: HybridRequest, k: number): Promise<Candidate[]> {
  const { search } = request;
  const keyword = { query: search.query, properties: search.properties, operator: search.operator, minimumOrTokensMatch: search.minimumOrTokensMatch };
  if (search.query === "") return [];
  const hits = await keywordSearch(context, collection, { search: keyword, where: request.where, tenant: request.tenant, k });
  return hits.map((hit) => ({ id: hit.id, shard: hit.shard, value: hit.score }));
}

interface Fused {
  id: string;
  shard: number;
  score: number;
  secondary: number;
  explainScore: string;
}

function fuse(sets: readonly ResultSet[], fusionType: HybridSearch["fusionType"]): Fused[] {
  const fused = new Map<string, Fused>();
  for (const { name, weight, candidates } of sets) {
    // A loop, not Math.min(...values): QUERY_HYBRID_MAXIMUM_RESULTS may be set past what a spread takes.
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const { value } of candidates) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    candidates.forEach((candidate, rank) => {
      const previous = fused.get(candidate.id);
      let part: number;
      let explanation: string;
      if (fusionType === "rankedFusion") {
        part = Math.fround(weight / (rank + 60));
        explanation = `${previous?.explainScore ?? ""}\nHybrid (Result Set ${name}) Document ${candidate.id} contributed ${goFloat32String(part)} to the score`;
      } else {
        part = Math.fround(max === min ? weight : (weight * (candidate.value - min)) / (max - min));
        const line = `Hybrid (Result Set ${name}) Document ${candidate.id}: original score ${goFloat32String(candidate.value)}, normalized score: ${goFloat32String(part)}`;
        explanation = `\n${line}${previous ? ` - ${previous.explainScore}` : ""}`;
      }
      fused.set(candidate.id, {
        id: candidate.id,
        shard: candidate.shard,
        score: Math.fround((previous?.score ?? 0) + part),
        // The merged object is the later set's (keyword), so is the value ties fall back to.
        secondary: candidate.value,
        explainScore: explanation,
      });
    });
  }
  return [...fused.values()].sort((a, b) => {
    const delta = b.score - a.score;
    if (delta * delta >= 1e-14) return delta;
    if (a.secondary !== b.secondary) return b.secondary - a.secondary;
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  });
}

/** The fused hits, best first, at most max(k, candidates). */
export async function hybridSearch(context: SearchContext, collection: Collection, request: HybridRequest): Promise<FusedHit[]> {
  const { search } = request;
  if (!(search.alpha >= 0 && search.alpha <= 1)) throw unprocessable("alpha should be between 0.0 and 1.0");
  const k = Math.max(request.k, context.hybridCandidates);
  const sets: ResultSet[] = [];
  let vector: Candidate[] | undefined;
  if (search.alpha > 0) {
    vector = await vectorSide(context, collection, request, k);
    sets.push({ name: "vector,hybridVector", weight: search.alpha, candidates: vector });
  }
  if (search.alpha < 1) {
    let keyword = await keywordSide(context, collection, request, k);
    if (vector && search.maxVectorDistance !== undefined) {
      const close = new Set(vector.map((candidate) => candidate.id));
      keyword = keyword.filter((candidate) => close.has(candidate.id));
    }
    sets.push({ name: "keyword,bm25", weight: 1 - search.alpha, candidates: keyword });
  }
  return fuse(sets, search.fusionType).slice(0, k);
}

export async function hybridGet(context: SearchContext, collection: Collection, params: GetParams): Promise<SearchHit[]> {
  const k = params.groupBy ? groupCandidates(params) : params.offset + params.limit;
  const found = await hybridSearch(context, collection, { search: params.hybrid!, where: params.where, tenant: params.tenant, k });
  return scoredHits(context, collection, params, found);
}
