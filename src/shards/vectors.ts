/**
 * The vector indexes of one shard, one per vector space, and their persistence.
 *
 * Saved state lives in `vectors/gen-<N>/`: one file per index plus meta.json, where N is the
 * highest vector label (docId) the files contain. The directory is renamed into place only once
 * complete, so a crash mid-save leaves the previous generation intact. On open the shard
 * re-adds every label above N from RocksDB and replays deletions recorded since the save.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { HnswConfig, VectorMap, VectorSpace } from "../domain/index.ts";
import { syncDirectory, syncFile, writeFileAtomic } from "../lib/index.ts";
import {
  createVectorIndex,
  loadVectorIndex,
  type VectorIndex,
  type VectorIndexSettings,
} from "../vectorindex/index.ts";

interface SavedSpace {
  file: string;
  dims: number;
  live: number;
  distance: string;
}

interface SavedMeta {
  savedThrough: number;
  spaces: Record<string, SavedSpace>;
}

/**
 * Index settings for a vector space. A `flat` space is searched exactly; a `dynamic` one (flat
 * until a threshold in Weaviate) is served by HNSW with its `hnsw` settings from the start.
 */
export function settingsOf(space: VectorSpace): VectorIndexSettings {
  const raw = space.config as unknown as Record<string, unknown>;
  const hnsw = (space.indexType === "dynamic" ? raw["hnsw"] : raw) as Partial<HnswConfig> | undefined;
  const number = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);
  return {
    kind: space.indexType === "flat" ? "exact" : "hnsw",
    distance: space.config.distance,
    efConstruction: number(hnsw?.efConstruction, 128),
    maxConnections: number(hnsw?.maxConnections, 32),
    ef: number(hnsw?.ef, -1),
    dynamicEfMin: number(hnsw?.dynamicEfMin, 100),
    dynamicEfMax: number(hnsw?.dynamicEfMax, 500),
    dynamicEfFactor: number(hnsw?.dynamicEfFactor, 8),
  };
}

const GEN_PREFIX = "gen-";

async function latestGeneration(dir: string): Promise<{ name: string; meta: SavedMeta } | undefined> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return undefined;
  }
  const generations = entries
    .filter((name) => name.startsWith(GEN_PREFIX) && !name.endsWith(".tmp"))
    .sort((a, b) => Number(b.slice(GEN_PREFIX.length)) - Number(a.slice(GEN_PREFIX.length)));
  for (const name of generations) {
    try {
      const meta = JSON.parse(await fs.readFile(path.join(dir, name, "meta.json"), "utf8"));
      return { name, meta: meta as SavedMeta };
    } catch {
      // An unreadable generation is skipped; an older one (or a full rebuild) takes over.
    }
  }
  return undefined;
}

/** What the shard must replay after opening: labels above `savedThrough` for loaded spaces. */
export interface VectorReplayPlan {
  savedThrough: number;
  /** Spaces with nothing saved: every live label must be re-added. */
  rebuild: Set<string>;
}

export class ShardVectors {
  private readonly indexes = new Map<string, VectorIndex>();
  private dirtyFlag = false;

  private constructor(
    private readonly dir: string,
    private spaces: VectorSpace[],
  ) {}

  /** Opens the indexes of `spaces`, loading the newest complete saved generation. */
  static async open(
    dir: string,
    spaces: VectorSpace[],
  ): Promise<{ vectors: ShardVectors; plan: VectorReplayPlan }> {
    const vectors = new ShardVectors(dir, spaces);
    const latest = await latestGeneration(dir);
    const rebuild = new Set<string>();
    for (const space of spaces) {
      const saved = latest?.meta.spaces[space.name];
      const settings = settingsOf(space);
      if (latest && saved && saved.distance === settings.distance) {
        const file = path.join(dir, latest.name, saved.file);
        vectors.indexes.set(space.name, await loadVectorIndex(settings, file, saved.dims, saved.live));
      } else {
        vectors.indexes.set(space.name, createVectorIndex(settings));
        rebuild.add(space.name);
      }
    }
    const savedThrough = latest?.meta.savedThrough ?? 0;
    return { vectors, plan: { savedThrough, rebuild } };
  }

  get dirty() {
    return this.dirtyFlag;
  }

  index(space: string): VectorIndex | undefined {
    return this.indexes.get(space);
  }

  dimensions(space: string): number | undefined {
    return this.indexes.get(space)?.dimensions;
  }

  /** Adds a label's vectors; spaces listed in `only` restrict the replay to some indexes. */
  add(docId: number, vectors: VectorMap, only?: (space: string) => boolean): void {
    for (const [space, vector] of Object.entries(vectors)) {
      if (only && !only(space)) continue;
      this.indexes.get(space)?.add(docId, vector);
    }
    this.dirtyFlag = true;
  }

  /** Waits until no index has more than `maxQueued` inserts waiting to be applied. */
  async drain(maxQueued: number): Promise<void> {
    for (const index of this.indexes.values()) await index.drain(maxQueued);
  }

  /** Live vectors, all spaces together. */
  async size(): Promise<number> {
    let total = 0;
    for (const index of this.indexes.values()) total += await index.size();
    return total;
  }

  remove(docId: number): void {
    for (const index of this.indexes.values()) index.remove(docId);
    this.dirtyFlag = true;
  }

  /** Adds indexes for spaces a collection update introduced and passes on changed settings. */
  updateSpaces(spaces: VectorSpace[]): void {
    this.spaces = spaces;
    for (const space of spaces) {
      const index = this.indexes.get(space.name);
      if (index) index.updateSettings(settingsOf(space));
      else this.indexes.set(space.name, createVectorIndex(settingsOf(space)));
    }
  }

  /** Writes a new generation holding every label up to `savedThrough`, then drops older ones. */
  async save(savedThrough: number): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const finalName = `${GEN_PREFIX}${savedThrough}`;
    const temp = path.join(this.dir, `${finalName}.tmp`);
    await fs.rm(temp, { recursive: true, force: true });
    await fs.mkdir(temp);
    const meta: SavedMeta = { savedThrough, spaces: {} };
    for (const [i, space] of this.spaces.entries()) {
      const index = this.indexes.get(space.name);
      const file = `index-${i}.hnsw`;
      const dims = index?.dimensions;
      if (index === undefined || dims === undefined) continue;
      const live = await index.save(path.join(temp, file));
      if (live !== undefined) {
        await syncFile(path.join(temp, file));
        meta.spaces[space.name] = { file, dims, live, distance: space.config.distance };
      }
    }
    await writeFileAtomic(path.join(temp, "meta.json"), JSON.stringify(meta));
    const target = path.join(this.dir, finalName);
    await fs.rm(target, { recursive: true, force: true });
    await fs.rename(temp, target);
    await syncDirectory(this.dir);
    for (const name of await fs.readdir(this.dir)) {
      if (name !== finalName) await fs.rm(path.join(this.dir, name), { recursive: true, force: true });
    }
    this.dirtyFlag = false;
  }

  close(): void {
    for (const index of this.indexes.values()) index.close();
    this.indexes.clear();
  }
}
