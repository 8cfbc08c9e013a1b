/**
 * MaxScore top-k against scoring every posting: over random posting lists (Zipf-like term
 * frequencies, dead postings, an allow-list), the k best documents are the same, with the same
 * scores, in the same order (ties broken by docId here, standing in for the uuid).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KeywordIndex } from "../../../src/shards/keyword-index.ts";
import { seededRandom as random } from "../../contract/vector-reference.ts";
import { contribution, exhaustiveTopK, maxScoreTopK, type ScoredDoc, type TermScorer } from "../../../src/search/top-k.ts";

/** An index of `docs` documents over `terms` terms, some removed again; returns its scorers for all terms. */
function fixture(seed: number, docs: number, terms: number) {
  const next = random(seed);
  const index = new KeywordIndex();
  const removed: Array<[number, Map<string, number>, number]> = [];
  for (let docId = 1; docId <= docs; docId++) {
    const frequencies = new Map<string, number>();
    const length = 1 + Math.floor(next() * 40);
    for (let i = 0; i < length; i++) {
      const term = `t${Math.floor(terms * next() ** 3)}`;
      frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    }
    index.add(docId, [{ property: "text", length, frequencies }]);
    if (next() < 0.1) removed.push([docId, frequencies, length]);
  }
  for (const [docId, frequencies, length] of removed) index.remove(docId, [{ property: "text", length, frequencies }]);
  const postings = index.property("text")!;
  const scorers: TermScorer[] = [];
  for (const [term, list] of postings.terms) {
    if (Number(term.slice(1)) % 3 !== 0) continue;
    scorers.push({ list, lengths: postings.lengths, weight: 0.5 + next() * 3, k1: 1.2, b: 0.75, averageLength: postings.lengthSum / postings.docCount, property: 0 });
  }
  return { scorers, blockSize: index.blockSize, docs };
}

const worse = (a: ScoredDoc, b: ScoredDoc) => a.score < b.score || (a.score === b.score && a.docId > b.docId);
const ranked = (docs: ScoredDoc[]) => [...docs].sort((a, b) => b.score - a.score || a.docId - b.docId);

/** Same documents in the same order, scores equal but for the order the terms were summed in. */
function assertSameTop(actual: ScoredDoc[], expected: ScoredDoc[]): void {
  const sorted = ranked(actual);
  assert.deepEqual(sorted.map((doc) => doc.docId), expected.map((doc) => doc.docId));
  sorted.forEach((doc, i) => {
    assert.ok(Math.abs(doc.score - expected[i]!.score) < 1e-9, `${doc.score} vs ${expected[i]!.score}`);
  });
}

/** The straightforward answer: every live posting summed per document. */
function bruteForce(scorers: readonly TermScorer[], k: number, allowed?: ReadonlySet<number>): ScoredDoc[] {
  const totals = new Map<number, number>();
  for (const scorer of scorers) {
    for (let i = 0; i < scorer.list.size; i++) {
      const docId = scorer.list.docIds[i]!;
      const length = scorer.lengths[docId] ?? 0;
      if (length === 0 || (allowed && !allowed.has(docId))) continue;
      totals.set(docId, (totals.get(docId) ?? 0) + contribution(scorer, scorer.list.freqs[i]!, length));
    }
  }
  return ranked([...totals].map(([docId, score]) => ({ docId, score }))).slice(0, k);
}

describe("top-k over postings", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    test(`MaxScore finds what scoring everything finds (seed ${seed})`, () => {
      const { scorers, blockSize, docs } = fixture(seed, 3000, 400);
      for (const k of [1, 10, 100]) {
        const chosen = scorers.slice(0, 1 + (seed % 4));
        assertSameTop(maxScoreTopK(chosen, { k, blockSize, worse }), bruteForce(chosen, k));
      }
      const allowed = new Set(Array.from({ length: docs }, (_, i) => i + 1).filter((docId) => docId % 3 !== 0));
      const chosen = scorers.slice(0, 3);
      assertSameTop(maxScoreTopK(chosen, { k: 10, blockSize, worse, allowed }), bruteForce(chosen, 10, allowed));
      assertSameTop(exhaustiveTopK(chosen, [1], { k: 10, blockSize, worse, allowed }), bruteForce(chosen, 10, allowed));
    });
  }

  test("compaction keeps the live postings and their bounds", () => {
    const index = new KeywordIndex();
    const frequencies = new Map([["x", 2]]);
    for (let docId = 1; docId <= 300; docId++) index.add(docId, [{ property: "p", length: 5, frequencies }]);
    for (let docId = 1; docId <= 200; docId++) index.remove(docId, [{ property: "p", length: 5, frequencies }]);
    const list = index.property("p")!.terms.get("x")!;
    assert.equal(list.live, 100);
    // Compacted once the dead outnumbered the live (at 151 removed): dead postings stay bounded.
    assert.equal(list.size, 149);
    assert.ok(list.size <= 2 * list.live);
    assert.deepEqual([...list.docIds.subarray(0, 2)], [152, 153]);
    assert.equal(list.blockMaxFreq[0], 2);
  });
});
