/**
 * hnswlib-node adapter. hnswlib knows l2 (squared), inner product and cosine; Weaviate's `dot`
 * is −dot, which is hnswlib's (1 − dot) shifted by one, so the order is the same and only the
 * reported distance is converted.
 */
import hnswlib from "hnswlib-node";
import { resourceClosed } from "../errors/index.ts";
import { checkDimensions, type LocalVectorIndex, type SearchHits, type VectorIndexSettings } from "./types.ts";

const { HierarchicalNSW } = hnswlib;
type Native = InstanceType<typeof HierarchicalNSW>;

const INITIAL_CAPACITY = 1024;

const spaceFor = {
  cosine: "cosine",
  dot: "ip",
  "l2-squared": "l2",
} as const;

export type HnswMetric = keyof typeof spaceFor;

export function isHnswMetric(metric: string): metric is HnswMetric {
  return metric in spaceFor;
}

export class HnswIndex implements LocalVectorIndex {
  private native: Native | undefined;
  private dims: number | undefined;
  private live = 0;
  private closed = false;
  private readonly metric: HnswMetric;

  constructor(private settings: VectorIndexSettings) {
    if (!isHnswMetric(settings.distance)) {
      throw new Error(`hnsw index does not support distance ${settings.distance}`);
    }
    this.metric = settings.distance;
  }

  /** Loads a saved index; `live` is the count of non-deleted labels recorded when it was saved. */
  static load(settings: VectorIndexSettings, file: string, dims: number, live: number): HnswIndex {
    const index = new HnswIndex(settings);
    const native = new HierarchicalNSW(spaceFor[index.metric], dims);
    native.readIndexSync(file, true);
    index.native = native;
    index.dims = dims;
    index.live = live;
    return index;
  }

  get dimensions() {
    return this.dims;
  }

  get size() {
    return this.live;
  }

  private ensure(dims: number): Native {
    if (this.closed) throw resourceClosed("vector index");
    if (!this.native) {
      const native = new HierarchicalNSW(spaceFor[this.metric], dims);
      native.initIndex({
        maxElements: INITIAL_CAPACITY,
        m: this.settings.maxConnections,
        efConstruction: this.settings.efConstruction,
        randomSeed: 100,
        allowReplaceDeleted: true,
      });
      this.native = native;
      this.dims = dims;
    }
    return this.native;
  }

  add(label: number, vector: readonly number[]): void {
    checkDimensions(this.dims, vector);
    const native = this.ensure(vector.length);
    if (native.getCurrentCount() >= native.getMaxElements()) {
      native.resizeIndex(native.getMaxElements() * 2);
    }
    // replaceDeleted reuses the slot of a deleted vector, so updates do not grow the index.
    native.addPoint(vector as number[], label, true);
    this.live++;
  }

  remove(label: number): void {
    if (!this.native || this.closed) return;
    try {
      this.native.markDelete(label);
      this.live--;
    } catch {
      // Unknown or already deleted: deletes are replayed from tombstones after a restart.
    }
  }

  search(vector: readonly number[], k: number, allow?: (label: number) => boolean): SearchHits {
    if (this.closed) throw resourceClosed("vector index");
    const native = this.native;
    if (!native || this.live === 0 || k <= 0) return { labels: [], distances: [] };
    const limit = Math.min(k, native.getMaxElements());
    native.setEf(this.searchEf(limit));
    const result = allow
      ? native.searchKnn(vector as number[], limit, allow)
      : native.searchKnn(vector as number[], limit);
    // hnswlib's inner product is 1 − dot; float error can put a cosine distance just below 0,
    // which Weaviate clamps (certainty never above 1).
    const distances =
      this.metric === "dot"
        ? result.distances.map((d) => d - 1)
        : this.metric === "cosine"
          ? result.distances.map((d) => Math.max(0, d))
          : result.distances;
    return { labels: result.neighbors, distances };
  }

  /** The ef a search for k neighbours uses: a positive `ef` as set, else the dynamic range. */
  searchEf(k: number): number {
    const { ef, dynamicEfFactor, dynamicEfMin, dynamicEfMax } = this.settings;
    if (ef > 0) return Math.max(ef, k);
    const dynamic = Math.min(Math.max(k * dynamicEfFactor, dynamicEfMin), dynamicEfMax);
    return Math.max(dynamic, k);
  }

  updateSettings(settings: VectorIndexSettings): void {
    this.settings = settings;
  }

  save(file: string): boolean {
    if (!this.native || this.closed) return false;
    this.native.writeIndexSync(file);
    return true;
  }

  close(): void {
    this.closed = true;
    // Dropping the reference lets the native index be collected.
    this.native = undefined;
  }
}
