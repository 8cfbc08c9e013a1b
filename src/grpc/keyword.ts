/**
 * BM25 and Hybrid messages → the search use case's KeywordSearch / HybridSearch, for Search and
 * Aggregate. As Weaviate's gRPC handler reads them: property names get their first letter
 * lower-cased, an unset alpha is 0 unless `use_alpha_param` (then `alpha_param`, default 0.75),
 * the vector comes from `vectors`, the deprecated bytes or float list, or `near_vector`.
 */
import type { HybridSearch, KeywordSearch } from "../domain/index.ts";
import { invalidArgument } from "./errors.ts";
import {
  type BM25,
  type Hybrid,
  Hybrid_FusionType,
  type SearchOperatorOptions,
  SearchOperatorOptions_Operator,
} from "./generated/v1/base_search.ts";
import { nearVectorOf } from "./near.ts";
import { singleVector, unpackFloat32 } from "./vectors.ts";

const DEFAULT_ALPHA = 0.75;

const lowerFirst = (names: readonly string[]) => names.map((name) => name.charAt(0).toLowerCase() + name.slice(1));

function operatorOf(options: SearchOperatorOptions | undefined): Pick<KeywordSearch, "operator" | "minimumOrTokensMatch"> {
  if (!options) return {};
  return {
    operator: options.operator === SearchOperatorOptions_Operator.OPERATOR_AND ? "And" : "Or",
    ...(options.minimumOrTokensMatch !== undefined ? { minimumOrTokensMatch: options.minimumOrTokensMatch } : {}),
  };
}

export function keywordOf(bm25: BM25): KeywordSearch {
  return { query: bm25.query, properties: lowerFirst(bm25.properties), ...operatorOf(bm25.searchOperator) };
}

function hybridVector(hybrid: Hybrid): { vector?: number[]; targetVectors?: string[]; distance?: number } {
  const deprecated = hybrid.targets?.targetVectors.length ? hybrid.targets.targetVectors : hybrid.targetVectors;
  const targetVectors = deprecated.length > 0 ? deprecated : undefined;
  if (hybrid.nearText) throw invalidArgument("nearText is not supported by this server");
  const given = hybrid.vectors.length > 0 || hybrid.vectorBytes.length > 0 || hybrid.vector.length > 0;
  if (hybrid.nearVector) {
    if (given) throw invalidArgument("cannot combine nearVector and vector in hybrid search");
    const near = nearVectorOf(hybrid.nearVector);
    const vector = near.target.kind === "vector" ? near.target.vector : undefined;
    return { vector, targetVectors: near.targetVectors ?? targetVectors, distance: near.distance };
  }
  if (hybrid.vectors.length > 0) return { vector: singleVector(hybrid.vectors, "hybrid"), targetVectors };
  if (hybrid.vectorBytes.length > 0) return { vector: unpackFloat32(hybrid.vectorBytes), targetVectors };
  if (hybrid.vector.length > 0) return { vector: hybrid.vector, targetVectors };
  return { targetVectors };
}

export function hybridOf(hybrid: Hybrid): HybridSearch {
  const alpha = hybrid.useAlphaParam ? (hybrid.alphaParam ?? DEFAULT_ALPHA) : hybrid.alpha;
  if (!(alpha >= 0 && alpha <= 1)) throw invalidArgument("alpha should be between 0.0 and 1.0");
  const { vector, targetVectors, distance } = hybridVector(hybrid);
  const maxVectorDistance = hybrid.vectorDistance ?? distance;
  return {
    query: hybrid.query,
    alpha,
    fusionType: hybrid.fusionType === Hybrid_FusionType.FUSION_TYPE_RANKED ? "rankedFusion" : "relativeScoreFusion",
    ...(vector ? { vector } : {}),
    properties: lowerFirst(hybrid.properties),
    ...(targetVectors ? { targetVectors } : {}),
    ...(maxVectorDistance !== undefined ? { maxVectorDistance } : {}),
    ...operatorOf(hybrid.bm25SearchOperator),
  };
}
