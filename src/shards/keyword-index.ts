/**
 * A shard's keyword (bm25) postings in memory, loaded from its RocksDB `w` / `l` families the
 * first time a keyword search reads the shard, then kept in step with every acknowledged write.
 * RocksDB stays the durable copy (written in the same batch as the object); this is its read
 * form: per property and term, docIds ascending with their term frequencies in typed arrays, and
 * per block of postings the largest frequency and the shortest document, the bounds that let a
 * top-k search skip what cannot reach the k-th score.
 *
 * New versions always get a larger docId than any before them, so appending keeps every list in
 * docId order. A removed version's postings stay in the lists until the list is compacted; its
 * length entry is zeroed at once, which is what marks a posting dead.
 */
import type { PropertyTerms } from "../domain/index.ts";

/** Postings per block bound. */
export const POSTING_BLOCK = 128;

function grown(array: Uint32Array, needed: number): Uint32Array {
  if (needed <= array.length) return array;
  const next = new Uint32Array(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

export class PostingList {
  docIds: Uint32Array = new Uint32Array(4);
  freqs: Uint32Array = new Uint32Array(4);
  /** Per block of POSTING_BLOCK postings: the largest frequency and the shortest document. */
  blockMaxFreq: Uint32Array = new Uint32Array(1);
  blockMinLength: Uint32Array = new Uint32Array(1).fill(0xffffffff);
  size = 0;
  /** Live documents holding the term: the document frequency. */
  live = 0;

  append(docId: number, freq: number, length: number): void {
    const at = this.size++;
    this.docIds = grown(this.docIds, this.size);
    this.freqs = grown(this.freqs, this.size);
    this.docIds[at] = docId;
    this.freqs[at] = freq;
    const block = Math.floor(at / POSTING_BLOCK);
    if (block >= this.blockMaxFreq.length) {
      const capacity = Math.max(block + 1, this.blockMaxFreq.length * 2);
      const maxFreq = new Uint32Array(capacity);
      maxFreq.set(this.blockMaxFreq);
      const minLength = new Uint32Array(capacity).fill(0xffffffff);
      minLength.set(this.blockMinLength);
      this.blockMaxFreq = maxFreq;
      this.blockMinLength = minLength;
    }
    if (freq > this.blockMaxFreq[block]!) this.blockMaxFreq[block] = freq;
    if (length < this.blockMinLength[block]!) this.blockMinLength[block] = length;
    this.live++;
  }

  /** Rebuilds the list from its live postings (`lengths[docId] > 0`), with fresh block bounds. */
  compact(lengths: Uint32Array): void {
    const { docIds, freqs, size } = this;
    this.docIds = new Uint32Array(Math.max(4, this.live));
    this.freqs = new Uint32Array(Math.max(4, this.live));
    this.blockMaxFreq = new Uint32Array(1);
    this.blockMinLength = new Uint32Array(1).fill(0xffffffff);
    this.size = 0;
    this.live = 0;
    for (let i = 0; i < size; i++) {
      const length = lengths[docIds[i]!] ?? 0;
      if (length > 0) this.append(docIds[i]!, freqs[i]!, length);
    }
  }
}

export class PropertyPostings {
  readonly terms = new Map<string, PostingList>();
  /** Token count per docId; 0 = no live version with this property. */
  lengths: Uint32Array = new Uint32Array(16);
  docCount = 0;
  lengthSum = 0;

  setLength(docId: number, length: number): void {
    this.lengths = grown(this.lengths, docId + 1);
    this.lengths[docId] = length;
    this.docCount++;
    this.lengthSum += length;
  }

  add(docId: number, term: string, freq: number, length: number): void {
    let list = this.terms.get(term);
    if (!list) {
      list = new PostingList();
      this.terms.set(term, list);
    }
    list.append(docId, freq, length);
  }
}

/** Lists are compacted once dead postings outnumber live ones (and there are enough to matter). */
const COMPACT_MIN = 64;

export class KeywordIndex {
  readonly blockSize = POSTING_BLOCK;
  readonly properties = new Map<string, PropertyPostings>();

  property(name: string): PropertyPostings | undefined {
    return this.properties.get(name);
  }

  private propertyFor(name: string): PropertyPostings {
    let postings = this.properties.get(name);
    if (!postings) {
      postings = new PropertyPostings();
      this.properties.set(name, postings);
    }
    return postings;
  }

  /** One loaded posting (RocksDB order: property, term, docId), after its property's lengths. */
  load(property: string, term: string, docId: number, freq: number): void {
    const postings = this.propertyFor(property);
    postings.add(docId, term, freq, postings.lengths[docId] ?? 0);
  }

  loadLength(property: string, docId: number, length: number): void {
    this.propertyFor(property).setLength(docId, length);
  }

  add(docId: number, terms: readonly PropertyTerms[]): void {
    for (const { property, length, frequencies } of terms) {
      const postings = this.propertyFor(property);
      postings.setLength(docId, length);
      for (const [term, freq] of frequencies) postings.add(docId, term, freq, length);
    }
  }

  remove(docId: number, terms: readonly PropertyTerms[]): void {
    for (const { property, frequencies } of terms) {
      const postings = this.properties.get(property);
      const length = postings?.lengths[docId] ?? 0;
      if (!postings || length === 0) continue;
      postings.lengths[docId] = 0;
      postings.docCount--;
      postings.lengthSum -= length;
      for (const term of frequencies.keys()) {
        const list = postings.terms.get(term);
        if (!list) continue;
        list.live--;
        if (list.live === 0) postings.terms.delete(term);
        else if (list.size >= COMPACT_MIN && list.live * 2 < list.size) list.compact(postings.lengths);
      }
    }
  }
}
