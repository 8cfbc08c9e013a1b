/** Ground truth: exact cosine top-k by brute force over normalized float32 rows, and recall. */

/** The vectors as one row-major Float32Array of `dims`-wide rows, each scaled to unit length. */
export function normalizedRows(vectors: readonly number[][], dims: number): Float32Array {
  const rows = new Float32Array(vectors.length * dims);
  vectors.forEach((vector, i) => {
    let norm = 0;
    for (const x of vector) norm += x * x;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dims; d++) rows[i * dims + d] = vector[d]! * scale;
  });
  return rows;
}

/** The `k` rows most similar to each query (highest dot product of normalized vectors). */
export function exactTopK(data: Float32Array, queries: readonly number[][], k: number, dims: number): Int32Array[] {
  const rows = data.length / dims;
  const normalized = normalizedRows(queries, dims);
  return queries.map((_, qi) => {
    const q = normalized.subarray(qi * dims, (qi + 1) * dims);
    const topIndex = new Int32Array(k).fill(-1);
    const topScore = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
    const unrolled = dims - (dims % 4);
    for (let r = 0; r < rows; r++) {
      const base = r * dims;
      // Four accumulators: ~1.5× faster than one in V8.
      let a = 0;
      let b = 0;
      let c = 0;
      let e = 0;
      for (let d = 0; d < unrolled; d += 4) {
        a += q[d]! * data[base + d]!;
        b += q[d + 1]! * data[base + d + 1]!;
        c += q[d + 2]! * data[base + d + 2]!;
        e += q[d + 3]! * data[base + d + 3]!;
      }
      for (let d = unrolled; d < dims; d++) a += q[d]! * data[base + d]!;
      const dot = a + b + c + e;
      if (dot <= topScore[k - 1]!) continue;
      let j = k - 1;
      while (j > 0 && topScore[j - 1]! < dot) {
        topScore[j] = topScore[j - 1]!;
        topIndex[j] = topIndex[j - 1]!;
        j--;
      }
      topScore[j] = dot;
      topIndex[j] = r;
    }
    return topIndex;
  });
}

/** Mean share of each query's true top-k found among its first `k` results. */
export function recallAtK(results: readonly (readonly number[])[], truth: readonly Int32Array[], k: number): number {
  let found = 0;
  results.forEach((result, qi) => {
    const expected = new Set(truth[qi]);
    for (const index of result.slice(0, k)) if (expected.has(index)) found++;
  });
  return found / (k * results.length);
}
