/** Exact distance functions in Weaviate's definitions (§7.1): the flat index and exact search over small filtered sets. */
import type { DistanceMetric } from "../config/index.ts";

export type DistanceFn = (a: ArrayLike<number>, b: ArrayLike<number>) => number;

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

const functions: Record<DistanceMetric, DistanceFn> = {
  cosine: (a, b) => {
    const denominator = norm(a) * norm(b);
    if (denominator === 0) return 1;
    return Math.max(0, 1 - dot(a, b) / denominator);
  },
  dot: (a, b) => -dot(a, b),
  "l2-squared": (a, b) => {
    let sum = 0;
    for (let i = 0; i < a.length; i++) {
      const d = a[i]! - b[i]!;
      sum += d * d;
    }
    return sum;
  },
  manhattan: (a, b) => {
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
    return sum;
  },
  hamming: (a, b) => {
    let count = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
    return count;
  },
};

export function distanceFunction(metric: DistanceMetric): DistanceFn {
  return functions[metric];
}
