/** GraphQL's `bm25` and `hybrid` arguments → the search use case's KeywordSearch / HybridSearch, with Weaviate's messages. */
import type { FusionType, HybridSearch, KeywordSearch } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";

type Args = Record<string, unknown>;

const record = (value: unknown): Args | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Args) : undefined;

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;

const DEFAULT_ALPHA = 0.75;

function searchOperator(value: unknown): Pick<KeywordSearch, "operator" | "minimumOrTokensMatch"> {
  const input = record(value);
  if (!input) return {};
  const operator = input["operator"] === "And" ? "And" : input["operator"] === "Or" ? "Or" : undefined;
  const minimum = input["minimumOrTokensMatch"];
  if (typeof minimum === "number" && minimum < 0) throw unprocessable("minimumOrTokensMatch must not be negative");
  return { operator, minimumOrTokensMatch: typeof minimum === "number" ? minimum : undefined };
}

export function parseBm25(value: unknown): KeywordSearch | undefined {
  const input = record(value);
  if (!input) return undefined;
  return {
    query: typeof input["query"] === "string" ? input["query"] : "",
    properties: strings(input["properties"]),
    ...searchOperator(input["searchOperator"]),
  };
}

/**
 * searches: [{nearVector: {vector, targetVectors, distance | certainty}}]: only the first entry is
 * read, as Weaviate does; its threshold bounds the vector side as maxVectorDistance does.
 */
function subSearchVector(value: unknown): { vector?: number[]; targetVectors?: string[]; maxDistance?: number } {
  const first = Array.isArray(value) ? record(value[0]) : undefined;
  const nearVector = record(first?.["nearVector"]);
  if (!nearVector) return {};
  const vector = nearVector["vector"];
  const { distance, certainty } = nearVector;
  if (typeof distance === "number" && typeof certainty === "number") {
    throw unprocessable("found 'certainty' and 'distance' set in nearVector which are conflicting, choose one instead");
  }
  const maxDistance = typeof distance === "number" ? distance : typeof certainty === "number" ? (1 - certainty) * 2 : undefined;
  return { vector: Array.isArray(vector) ? (vector as number[]) : undefined, targetVectors: strings(nearVector["targetVectors"]), maxDistance };
}

export function parseHybrid(value: unknown): HybridSearch | undefined {
  const input = record(value);
  if (!input) return undefined;
  const alpha = typeof input["alpha"] === "number" ? input["alpha"] : DEFAULT_ALPHA;
  if (alpha < 0 || alpha > 1) throw unprocessable("failed to extract hybrid params: alpha should be between 0.0 and 1.0");
  const direct = Array.isArray(input["vector"]) ? (input["vector"] as number[]) : undefined;
  const sub = subSearchVector(input["searches"]);
  if (direct && sub.vector) throw unprocessable("cannot have both vector and nearVectorParams");
  const targetVectors = strings(input["targetVectors"]);
  if (sub.targetVectors && sub.targetVectors.length > 0 && !(targetVectors && targetVectors.length > 0)) {
    throw unprocessable("targetVectors need to be set in the hybrid search to be handled correctly");
  }
  const fusionType: FusionType = input["fusionType"] === "rankedFusion" ? "rankedFusion" : "relativeScoreFusion";
  return {
    query: typeof input["query"] === "string" ? input["query"] : "",
    alpha,
    fusionType,
    vector: direct ?? sub.vector,
    properties: strings(input["properties"]),
    targetVectors,
    maxVectorDistance: typeof input["maxVectorDistance"] === "number" ? input["maxVectorDistance"] : sub.maxDistance,
    ...searchOperator(input["bm25SearchOperator"]),
  };
}
