/**
 * Top-k over bm25 postings. Each (term, property) pair is one scorer: a posting list in docId
 * order whose postings add weight · f / (f + k1 · (1 − b + b · len / avgLen)) to a document
 * (Weaviate's BlockMax WAND scores every property on its own and sums). With "any term matches",
 * MaxScore: scorers sorted by their upper bound, the ones whose bounds together cannot reach the
 * current k-th score only probe candidates the others produced, and a candidate is dropped as
 * soon as what is left of its bound falls short; so a top-10 query does not score every matching
 * document. Bounds come from the lists' per-block largest frequency and shortest document, which
 * stay valid while documents are added and removed. Operators that need several terms of one
 * property to match take the exhaustive path.
 */
import type { KeywordPostingList } from "./ports.ts";

/** Relative slack on the pruning threshold: well above float32's rounding (6e-8), far below score gaps. */
const BOUND_SLACK = 1e-6;

export interface TermScorer {
  list: KeywordPostingList;
  /** Token counts of the scorer's property by docId; 0 = the version is gone. */
  lengths: Uint32Array;
  /** idf · boost. */
  weight: number;
  k1: number;
  b: number;
  averageLength: number;
  /** The scorer's property, by position in the query (for per-property operators). */
  property: number;
}

export interface ScoredDoc {
  docId: number;
  score: number;
}

export function contribution(scorer: TermScorer, freq: number, length: number): number {
  const { k1, b, averageLength, weight } = scorer;
  return (weight * freq) / (freq + k1 * (1 - b + (b * length) / averageLength));
}

/** The largest contribution any posting of the list can make. */
function upperBound(scorer: TermScorer, blockSize: number): number {
  const { list } = scorer;
  let bound = 0;
  const blocks = Math.ceil(list.size / blockSize);
  for (let block = 0; block < blocks; block++) {
    const value = contribution(scorer, list.blockMaxFreq[block]!, list.blockMinLength[block]!);
    if (value > bound) bound = value;
  }
  return bound;
}

/** Keeps the k best documents; `worse(a, b)` orders a below b (lower score, or a later uuid on a tie). */
class TopK {
  readonly items: ScoredDoc[] = [];
  constructor(
    private readonly k: number,
    private readonly worse: (a: ScoredDoc, b: ScoredDoc) => boolean,
  ) {}

  /** The score a document must reach (ties decided by uuid) once k are held. */
  get threshold(): number {
    return this.items.length < this.k ? Number.NEGATIVE_INFINITY : this.items[0]!.score;
  }

  offer(doc: ScoredDoc): void {
    const { items } = this;
    if (items.length < this.k) {
      items.push(doc);
      this.up(items.length - 1);
    } else if (this.worse(items[0]!, doc)) {
      items[0] = doc;
      this.down(0);
    }
  }

  private up(at: number): void {
    const { items } = this;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.worse(items[at]!, items[parent]!)) break;
      [items[at], items[parent]] = [items[parent]!, items[at]!];
      at = parent;
    }
  }

  private down(at: number): void {
    const { items } = this;
    for (;;) {
      let smallest = at;
      for (const child of [2 * at + 1, 2 * at + 2]) {
        if (child < items.length && this.worse(items[child]!, items[smallest]!)) smallest = child;
      }
      if (smallest === at) return;
      [items[at], items[smallest]] = [items[smallest]!, items[at]!];
      at = smallest;
    }
  }
}

/** The first position at or after `from` whose docId is ≥ `target` (galloping, then binary search). */
function seek(docIds: Uint32Array, size: number, from: number, target: number): number {
  if (from >= size || docIds[from]! >= target) return from;
  let step = 1;
  let low = from;
  let high = from + 1;
  while (high < size && docIds[high]! < target) {
    low = high;
    step *= 2;
    high = from + step;
  }
  if (high > size) high = size;
  while (low + 1 < high) {
    const middle = (low + high) >> 1;
    if (docIds[middle]! < target) low = middle;
    else high = middle;
  }
  return high;
}

export interface TopKOptions {
  k: number;
  blockSize: number;
  allowed?: ReadonlySet<number>;
  /** a is ranked below b: lower score, or the same score and a later uuid. */
  worse: (a: ScoredDoc, b: ScoredDoc) => boolean;
}

/** MaxScore over scorers whose postings simply add up ("any term matches"). */
export function maxScoreTopK(scorers: readonly TermScorer[], options: TopKOptions): ScoredDoc[] {
  const bounds = scorers.map((scorer) => upperBound(scorer, options.blockSize));
  const order = scorers.map((_, i) => i).sort((a, b) => bounds[a]! - bounds[b]!);
  const sorted = order.map((i) => scorers[i]!);
  const prefix: number[] = [];
  for (const [at, i] of order.entries()) prefix.push((prefix[at - 1] ?? 0) + bounds[i]!);
  const positions = new Array<number>(sorted.length).fill(0);
  const top = new TopK(options.k, options.worse);
  let firstEssential = 0;
  for (;;) {
    // With slack: a document whose bound falls just short of the k-th score may still tie it in
    // float32 and win on its uuid, so it is scored rather than pruned.
    const kth = top.threshold;
    const threshold = kth - Math.abs(kth) * BOUND_SLACK;
    while (firstEssential < sorted.length && prefix[firstEssential]! < threshold) firstEssential++;
    let doc = Number.POSITIVE_INFINITY;
    for (let i = firstEssential; i < sorted.length; i++) {
      const { list } = sorted[i]!;
      if (positions[i]! < list.size && list.docIds[positions[i]!]! < doc) doc = list.docIds[positions[i]!]!;
    }
    if (doc === Number.POSITIVE_INFINITY) break;
    let score = 0;
    let alive = true;
    for (let i = firstEssential; i < sorted.length; i++) {
      const scorer = sorted[i]!;
      const at = positions[i]!;
      if (at < scorer.list.size && scorer.list.docIds[at] === doc) {
        const length = scorer.lengths[doc] ?? 0;
        if (length === 0) alive = false;
        else score += contribution(scorer, scorer.list.freqs[at]!, length);
        positions[i] = at + 1;
      }
    }
    if (!alive || (options.allowed && !options.allowed.has(doc))) continue;
    let pruned = false;
    for (let i = firstEssential - 1; i >= 0; i--) {
      if (score + prefix[i]! < threshold) {
        pruned = true;
        break;
      }
      const scorer = sorted[i]!;
      const at = seek(scorer.list.docIds, scorer.list.size, positions[i]!, doc);
      positions[i] = at;
      if (at < scorer.list.size && scorer.list.docIds[at] === doc) {
        score += contribution(scorer, scorer.list.freqs[at]!, scorer.lengths[doc]!);
      }
    }
    if (!pruned) top.offer({ docId: doc, score });
  }
  return top.items;
}

/**
 * Every matching document scored, for operators that count matched terms per property: a
 * property adds its score only where at least `required[property]` of its terms occur.
 */
export function exhaustiveTopK(scorers: readonly TermScorer[], required: readonly number[], options: TopKOptions): ScoredDoc[] {
  const totals = new Map<number, number>();
  for (let property = 0; property < required.length; property++) {
    const local = new Map<number, { score: number; matched: number }>();
    for (const scorer of scorers) {
      if (scorer.property !== property) continue;
      const { docIds, freqs, size } = scorer.list;
      for (let i = 0; i < size; i++) {
        const doc = docIds[i]!;
        const length = scorer.lengths[doc] ?? 0;
        if (length === 0 || (options.allowed && !options.allowed.has(doc))) continue;
        const entry = local.get(doc) ?? { score: 0, matched: 0 };
        entry.score += contribution(scorer, freqs[i]!, length);
        entry.matched++;
        local.set(doc, entry);
      }
    }
    for (const [doc, { score, matched }] of local) {
      if (matched >= required[property]!) totals.set(doc, (totals.get(doc) ?? 0) + score);
    }
  }
  const top = new TopK(options.k, options.worse);
  for (const [docId, score] of totals) top.offer({ docId, score });
  return top.items;
}
