/** Runs a local (synchronous) index behind the shard-facing VectorIndex interface. */
import { resourceClosed } from "../errors/index.ts";
import type { LocalVectorIndex, SearchHits, VectorIndex, VectorIndexSettings } from "./types.ts";

export class InlineIndex implements VectorIndex {
  /**
   * Kept here because a closed local index answers save and size quietly (false, its count) and
   * those would read as "nothing to save" and "empty"; after close they must fail as the threaded
   * index's do.
   */
  private closed = false;

  constructor(private readonly local: LocalVectorIndex) {}

  private assertOpen(): void {
    if (this.closed) throw resourceClosed("vector index");
  }

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
    this.assertOpen();
    return this.local.save(file) ? this.local.size : undefined;
  }

  updateSettings(settings: VectorIndexSettings): void {
    this.local.updateSettings(settings);
  }

  async size(): Promise<number> {
    this.assertOpen();
    return this.local.size;
  }

  async drain(): Promise<void> {
    // Inserts are applied as they are made.
  }

  close(): void {
    this.closed = true;
    this.local.close();
  }
}
