/**
 * The benchmarks' seeded synthetic data set: a mixture of Gaussian clusters, the same on every
 * run for the same options, plus query vectors drawn around the same cluster centres and the
 * deterministic UUIDs that map service objects back to data set indices.
 */

export interface DataSetOptions {
  count: number;
  dims: number;
  clusters: number;
  seed: number;
}

export interface DataSet {
  vectors: number[][];
  /** The cluster each vector was drawn from. */
  cluster: number[];
  centres: number[][];
}

/** mulberry32: small, fast, seedable; the data set is the same on every run. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** One point: a random cluster's centre plus unit Gaussian noise, rounded to float32. */
function drawPoint(random: () => number, centres: number[][]): { vector: number[]; cluster: number } {
  const c = Math.floor(random() * centres.length);
  const centre = centres[c]!;
  return { vector: centre.map((x) => Math.fround(x + gaussian(random))), cluster: c };
}

/** Centres first, then the points, all from one stream seeded with `seed`. */
export function makeDataSet({ count, dims, clusters, seed }: DataSetOptions): DataSet {
  const random = rng(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dims }, () => gaussian(random) * 4));
  const vectors: number[][] = [];
  const cluster: number[] = [];
  for (let i = 0; i < count; i++) {
    const point = drawPoint(random, centres);
    vectors.push(point.vector);
    cluster.push(point.cluster);
  }
  return { vectors, cluster, centres };
}

/**
 * Query vectors near the data set's clusters: the same point generator around the same centres,
 * from its own stream (`seed`), so no query is a copy of a stored vector.
 */
export function makeQueries(centres: number[][], count: number, seed: number): number[][] {
  const random = rng(seed);
  return Array.from({ length: count }, () => drawPoint(random, centres).vector);
}

const UUID_PREFIX = "00000000-0000-4000-8000-";

/** The object id of data set item `i`. */
export function uuidFor(i: number): string {
  const hex = i.toString(16).padStart(12, "0");
  return `${UUID_PREFIX}${hex}`;
}

/** The data set index of an id made by `uuidFor`, or -1. */
export function indexOfUuid(id: string): number {
  if (!id.startsWith(UUID_PREFIX)) return -1;
  const index = Number.parseInt(id.slice(UUID_PREFIX.length), 16);
  return Number.isSafeInteger(index) ? index : -1;
}
