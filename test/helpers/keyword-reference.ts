/**
 * A reference BM25 scorer for keyword-differential.test.ts: Weaviate's BlockMax WAND rules as
 * plain loops over the documents. Nothing here is shared with src/ — tokenization included — so
 * the test compares two independent readings of the same rules.
 */

/** mulberry32: the tests' seeded PRNG, floats in [0, 1). */
export { seededRandom as mulberry32 } from "../contract/vector-reference.ts";

export type Tok = "word" | "lowercase" | "whitespace" | "field" | "trigram";

/** Weaviate's `en` stopword preset. */
export const EN_STOPWORDS: readonly string[] = (
  "a an and are as at be but by for if in into is it no not of on or such that the their then " +
  "there these they this to was will with"
).split(" ");

const isAlnum = (ch: string) => /^[\p{L}\p{N}]$/u.test(ch);
const isSpace = (ch: string) => /^\s$/u.test(ch);

/** Splits `text` wherever `isSeparator` holds, dropping empty pieces. */
function splitOn(text: string, isSeparator: (ch: string) => boolean): string[] {
  const out: string[] = [];
  let current = "";
  for (const ch of text) {
    if (isSeparator(ch)) {
      if (current !== "") out.push(current);
      current = "";
    } else current += ch;
  }
  if (current !== "") out.push(current);
  return out;
}

export function tokenize(text: string, tok: Tok): string[] {
  switch (tok) {
    case "word":
      return splitOn(text, (ch) => !isAlnum(ch)).map((t) => t.toLowerCase());
    case "lowercase":
      return splitOn(text, isSpace).map((t) => t.toLowerCase());
    case "whitespace":
      return splitOn(text, isSpace);
    case "field": {
      const trimmed = text.trim();
      return trimmed === "" ? [] : [trimmed];
    }
    case "trigram": {
      const chars: string[] = [];
      for (const ch of text) if (isAlnum(ch)) chars.push(ch.toLowerCase());
      const grams: string[] = [];
      for (let i = 0; i + 3 <= chars.length; i++) grams.push(chars[i]! + chars[i + 1]! + chars[i + 2]!);
      return grams;
    }
  }
}

export interface PropDef {
  name: string;
  tok: Tok;
  array: boolean;
  searchable: boolean;
}

export interface RefConfig {
  k1: number;
  b: number;
  stopwords: ReadonlySet<string>;
}

export type Doc = { id: string; props: Record<string, unknown> };

interface PropStats {
  def: PropDef;
  /** Per live doc id: term → frequency, and the token count. */
  freq: Map<string, Map<string, number>>;
  len: Map<string, number>;
  df: Map<string, number>;
  avgLen: number;
}

/** The index the reference scores with, built from the final (live) documents. */
export interface RefIndex {
  docs: Doc[];
  props: PropDef[];
  stats: Map<string, PropStats>;
  config: RefConfig;
}

export function buildIndex(docs: Doc[], props: PropDef[], config: RefConfig): RefIndex {
  const stats = new Map<string, PropStats>();
  for (const def of props) {
    const s: PropStats = { def, freq: new Map(), len: new Map(), df: new Map(), avgLen: 0 };
    let total = 0;
    let withLen = 0;
    for (const doc of docs) {
      const value = doc.props[def.name];
      if (value === undefined || value === null) continue;
      const texts = Array.isArray(value) ? (value as string[]) : [value as string];
      const tokens = texts.flatMap((text) => tokenize(text, def.tok));
      const freq = new Map<string, number>();
      for (const t of tokens) freq.set(t, (freq.get(t) ?? 0) + 1);
      s.freq.set(doc.id, freq);
      s.len.set(doc.id, tokens.length);
      for (const t of freq.keys()) s.df.set(t, (s.df.get(t) ?? 0) + 1);
      total += tokens.length;
      if (tokens.length > 0) withLen++;
    }
    s.avgLen = withLen === 0 ? 0 : total / withLen;
    stats.set(def.name, s);
  }
  return { docs, props, stats, config };
}

export interface RefQuery {
  query: string;
  /** As sent: "name" or "name^boost"; undefined means all searchable properties. */
  properties?: string[];
  operator?: "And" | "Or";
  minimumOrTokensMatch?: number;
  filter?: (doc: Doc) => boolean;
}

export interface RefHit {
  id: string;
  score: number;
  /** Per queried property that counted: matched term → [frequency, propLength]. */
  matched: Map<string, Map<string, [number, number]>>;
}

interface QueryProp {
  stats: PropStats;
  boost: number;
  terms: Map<string, number>;
}

function queryProps(index: RefIndex, q: RefQuery): QueryProp[] {
  const specs = q.properties ?? index.props.filter((p) => p.searchable).map((p) => p.name);
  return specs.map((spec) => {
    const [name, boostText] = spec.split("^") as [string, string | undefined];
    const boost = boostText === undefined ? 1 : /^\d+$/.test(boostText) ? Number(boostText) : 0;
    const stats = index.stats.get(name);
    if (!stats) throw new Error(`unknown property ${name}`);
    const terms = new Map<string, number>();
    for (const t of tokenize(q.query, stats.def.tok)) {
      if (stats.def.tok === "word" && index.config.stopwords.has(t)) continue;
      terms.set(t, (terms.get(t) ?? 0) + 1);
    }
    return { stats, boost, terms };
  });
}

/** idf per tokenization and term, n averaged over the properties of that tokenization that hold it. */
function idfs(index: RefIndex, props: QueryProp[]): Map<string, number> {
  const n = index.docs.length;
  const out = new Map<string, number>();
  for (const p of props) {
    for (const [term, count] of p.terms) {
      const key = `${p.stats.def.tok}\u0000${term}`;
      if (out.has(key)) continue;
      let sum = 0;
      let holding = 0;
      for (const other of props) {
        if (other.stats.def.tok !== p.stats.def.tok) continue;
        const df = other.stats.df.get(term) ?? 0;
        sum += df;
        if (df > 0) holding++;
      }
      const nt = holding === 0 ? 0 : Math.floor(sum / holding);
      out.set(key, Math.log(1 + (n - nt + 0.5) / (nt + 0.5)) * count);
    }
  }
  return out;
}

/** Every hit, ordered by score descending then uuid ascending. */
export function referenceSearch(index: RefIndex, q: RefQuery): RefHit[] {
  const props = queryProps(index, q);
  const idf = idfs(index, props);
  const { k1, b } = index.config;
  const required = (p: QueryProp) => (q.operator === "And" ? p.terms.size : Math.max(q.minimumOrTokensMatch ?? 1, 1));
  const hits: RefHit[] = [];
  for (const doc of index.docs) {
    let score = 0;
    let hit = false;
    const matched = new Map<string, Map<string, [number, number]>>();
    for (const p of props) {
      const freq = p.stats.freq.get(doc.id);
      if (!freq) continue;
      const len = p.stats.len.get(doc.id)!;
      let sum = 0;
      const terms = new Map<string, [number, number]>();
      for (const term of p.terms.keys()) {
        const f = freq.get(term) ?? 0;
        if (f === 0) continue;
        const tf = f / (f + k1 * (1 - b + (b * len) / p.stats.avgLen));
        sum += idf.get(`${p.stats.def.tok}\u0000${term}`)! * tf;
        terms.set(term, [f, len]);
      }
      if (terms.size === 0 || terms.size < required(p)) continue;
      hit = true;
      score += p.boost * sum;
      matched.set(p.stats.def.name, terms);
    }
    if (hit && (!q.filter || q.filter(doc))) hits.push({ id: doc.id, score, matched });
  }
  return hits.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

export interface GotHit {
  id: string;
  score: number;
  explainScore: string;
}

const close = (x: number, y: number, tol: number) => Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y), 1e-9);

/**
 * Compares a server page with the reference's (offset applied). Ranks may differ only between
 * hits whose reference scores are within `tol` but not exactly equal (exact ties go by uuid).
 * Returns a description of the first difference, or undefined.
 */
export function firstDifference(all: RefHit[], offset: number, limit: number, got: GotHit[], tol = 1e-5) {
  const expected = all.slice(offset, offset + limit);
  const byId = new Map(all.map((hit) => [hit.id, hit]));
  const show = (i: number) =>
    `rank ${offset + i}: expected ${expected[i] ? `${expected[i].id} ${expected[i].score}` : "nothing"}, ` +
    `got ${got[i] ? `${got[i].id} ${got[i].score}` : "nothing"}`;
  const seen = new Set<string>();
  for (let i = 0; i < Math.max(expected.length, got.length); i++) {
    const want = expected[i];
    const have = got[i];
    if (!want || !have) return `${show(i)} (expected ${expected.length} hits, got ${got.length})`;
    if (!Number.isFinite(have.score) || !close(have.score, want.score, tol)) return `${show(i)}: score differs`;
    if (seen.has(have.id)) return `${show(i)}: duplicate id`;
    seen.add(have.id);
    if (have.id === want.id) continue;
    const ref = byId.get(have.id);
    if (!ref) return `${show(i)}: ${have.id} is not a hit of the reference`;
    if (ref.score === want.score) return `${show(i)}: exact tie, uuid order expected`;
    if (!close(ref.score, want.score, tol)) return `${show(i)}: ${have.id} has reference score ${ref.score}`;
  }
  return undefined;
}

/**
 * For a single-property query: the explainScore of each hit names every matched term of the doc
 * with its frequency and the property's length, and no other term.
 */
export function explainDifference(all: RefHit[], got: GotHit[], property: string): string | undefined {
  const byId = new Map(all.map((hit) => [hit.id, hit]));
  for (const have of got) {
    const terms = byId.get(have.id)?.matched.get(property);
    if (!terms) continue; // reported by firstDifference
    if (typeof have.explainScore !== "string") return `${have.id}: explainScore ${String(have.explainScore)}`;
    const mentioned = have.explainScore.match(/_frequency:/g)?.length ?? 0;
    if (mentioned !== terms.size) {
      return `${have.id}: ${terms.size} matched terms [${[...terms.keys()].join("|")}], explainScore "${have.explainScore}"`;
    }
    for (const [term, [f, len]] of terms) {
      const want = [`, BM25F_${term}_frequency:${f}`, `, BM25F_${term}_propLength:${len}`];
      const missing = want.find((part) => !have.explainScore.includes(part));
      if (missing) return `${have.id}: explainScore "${have.explainScore}" lacks "${missing}"`;
    }
  }
  return undefined;
}
