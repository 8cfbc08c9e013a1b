/** Runs a local (synchronous) index behind the shard-facing VectorIndex interface. */
import type { LocalVectorIndex, SearchHits, VectorIndex, VectorIndexSettings } from "./types.ts";

export class InlineIndex implements VectorIndex {
  constructor(private readonly local: LocalVectorIndex) {}

  get dimensions() {
    return this.local.dimensions;
  }

  add(label: number, vector: readonly number[]): void {
    this.local.add(label, vector);
  }

  remove(label: number): void {
    this.local.remove(label);
  }

  async search(vector: readonly number[], k: number, allow?: ReadonlySet<number>): Promise<SearchHits> {
    return this.local.search(vector, k, allow ? (label) => allow.has(label) : undefined);
  }

  async save(file: string): Promise<number | undefined> {
    return this.local.save(file) ? this.local.size : undefined;
  }

  updateSettings(settings: VectorIndexSettings): void {
    this.local.updateSettings(settings);
  }

  async size(): Promise<number> {
    return this.local.size;
  }

  async drain(): Promise<void> {
    // Inserts are applied as they are made.
  }

  close(): void {
    this.local.close();
  }
}
