/**
 * How far two top-10 lists agree, per query: overlap@10 (shared documents over the longer list;
 * 1 when both are empty) and whether the sets are identical. Against the exact formula
 * (keyword-reference.ts) also tie-aware: a hit counts when the formula scores it at least as
 * high as its own 10th best, since documents tied at the cut-off may be ordered either way.
 */
import type { Query } from "./keyword-corpus.ts";
import type { Reference } from "./keyword-reference.ts";
import { K } from "./keyword-settings.ts";

export interface Agreement {
  meanOverlap: number;
  /** Share of queries whose two sets are the same. */
  identical: number;
}

export interface FormulaAgreement extends Agreement {
  /** Mean share of the engine's hits that belong in some valid top 10 (ties at the cut-off allowed). */
  tieAwareOverlap: number;
}

/** Relative tolerance for "scores the same": float32 scores and summation order differ between engines. */
const TOLERANCE = 1e-5;

function overlapOf(a: readonly number[], b: readonly number[]): { overlap: number; same: boolean } {
  const set = new Set(b);
  const shared = a.filter((doc) => set.has(doc)).length;
  const longer = Math.max(a.length, b.length);
  return { overlap: longer === 0 ? 1 : shared / longer, same: shared === a.length && a.length === b.length };
}

/** Mean overlap@10 and the share of identical sets of `a[i]` and `b[i]` over every query. */
export function agreement(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): Agreement {
  let overlap = 0;
  let identical = 0;
  for (let i = 0; i < a.length; i++) {
    const result = overlapOf(a[i]!, b[i]!);
    overlap += result.overlap;
    if (result.same) identical++;
  }
  return { meanOverlap: overlap / a.length, identical: identical / a.length };
}

export interface FormulaComparison {
  engines: Map<string, FormulaAgreement>;
  /** Largest |service score − formula score| / formula score over the service's hits; undefined without scores. */
  maxScoreError: number | undefined;
}

/**
 * Each engine's top 10 against the formula's, query by query (the reference scores each query
 * once for all engines); with `serviceScores`, also how close the service's own scores are.
 */
export function compareToFormula(
  reference: Reference,
  queries: readonly Query[],
  engines: ReadonlyMap<string, readonly (readonly number[])[]>,
  service?: { ids: readonly (readonly number[])[]; scores: readonly (readonly number[])[] },
): FormulaComparison {
  const sums = new Map([...engines.keys()].map((name) => [name, { overlap: 0, identical: 0, tieAware: 0 }]));
  let maxScoreError: number | undefined = service === undefined ? undefined : 0;
  queries.forEach((query, i) => {
    const result = reference.search(query);
    const floor = result.kthScore * (1 - TOLERANCE);
    for (const [name, tops] of engines) {
      const hits = tops[i]!;
      const sum = sums.get(name)!;
      const { overlap, same } = overlapOf(hits, result.top);
      sum.overlap += overlap;
      if (same) sum.identical++;
      const valid = hits.filter((doc) => result.scoreOf(doc) > 0 && result.scoreOf(doc) >= floor).length;
      const expected = Math.max(hits.length, Math.min(K, result.top.length));
      sum.tieAware += expected === 0 ? 1 : valid / expected;
    }
    if (service !== undefined && maxScoreError !== undefined) {
      service.ids[i]!.forEach((doc, rank) => {
        const want = result.scoreOf(doc);
        const error = want === 0 ? Number.POSITIVE_INFINITY : Math.abs(service.scores[i]![rank]! - want) / want;
        maxScoreError = Math.max(maxScoreError!, error);
      });
    }
  });
  const n = queries.length;
  const out = new Map<string, FormulaAgreement>();
  for (const [name, sum] of sums) {
    out.set(name, { meanOverlap: sum.overlap / n, identical: sum.identical / n, tieAwareOverlap: sum.tieAware / n });
  }
  return { engines: out, maxScoreError };
}
