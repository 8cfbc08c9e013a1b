/**
 * Exact (brute-force) index. Serves the metrics hnswlib lacks (manhattan, hamming); it is not
 * saved, the shard rebuilds it from RocksDB on open.
 */
import { resourceClosed } from "../errors/index.ts";
import { type DistanceFn, distanceFunction } from "../domain/index.ts";
import { checkDimensions, type LocalVectorIndex, type SearchHits, type VectorIndexSettings } from "./types.ts";

export class FlatIndex implements LocalVectorIndex {
  private readonly vectors = new Map<number, Float32Array>();
  private dims: number | undefined;
  private closed = false;
  private readonly distance: DistanceFn;

  constructor(settings: VectorIndexSettings) {
    this.distance = distanceFunction(settings.distance);
  }

  get dimensions() {
    return this.dims;
  }

  get size() {
    return this.vectors.size;
  }

  add(label: number, vector: readonly number[]): void {
    if (this.closed) throw resourceClosed("vector index");
    checkDimensions(this.dims, vector);
    this.dims ??= vector.length;
    this.vectors.set(label, Float32Array.from(vector));
  }

  remove(label: number): void {
    this.vectors.delete(label);
  }

  search(vector: readonly number[], k: number, allow?: (label: number) => boolean): SearchHits {
    if (this.closed) throw resourceClosed("vector index");
    const query = Float32Array.from(vector);
    const scored: Array<[number, number]> = [];
    for (const [label, candidate] of this.vectors) {
      if (allow && !allow(label)) continue;
      scored.push([this.distance(query, candidate), label]);
    }
    scored.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const top = scored.slice(0, Math.max(0, k));
    return { labels: top.map(([, label]) => label), distances: top.map(([d]) => d) };
  }

  updateSettings(): void {
    // Exact search has no tunable search settings.
  }

  save(): boolean {
    return false;
  }

  close(): void {
    this.closed = true;
    this.vectors.clear();
  }
}
