/**
 * The keyword e2e tests' data set (a few documents with two word-tokenized text properties, a
 * field-tokenized genre, a year and a 3-d vector) and its expected bm25 ranking, computed here
 * from Weaviate's rules (properties scored on their own and summed; idf from the integer mean of
 * the properties' document frequencies; stopwords dropped from the query).
 */
export interface KeywordDoc {
  id: string;
  title: string;
  body: string;
  genre: string;
  year: number;
  vector: number[];
}

/** The class the documents go into, as a REST schema body: `genre` is not searchable. */
export const keywordClass = {
  class: "Doc",
  vectorizer: "none",
  properties: [
    { name: "title", dataType: ["text"] },
    { name: "body", dataType: ["text"] },
    { name: "genre", dataType: ["text"], tokenization: "field", indexSearchable: false },
    { name: "year", dataType: ["int"] },
  ],
};

export const keywordDocs: KeywordDoc[] = [
  { title: "Ocean waves", body: "The ocean is deep and the waves are high", genre: "nature", year: 2001, vector: [1, 0, 0] },
  { title: "Mountain air", body: "Cold air on the mountain, no ocean in sight", genre: "nature", year: 2005, vector: [0, 1, 0] },
  { title: "City lights", body: "Lights of the city at night", genre: "urban", year: 2010, vector: [0, 0, 1] },
  { title: "Ocean liner", body: "A ship crossing the ocean, ocean after ocean", genre: "travel", year: 2015, vector: [0.9, 0.1, 0] },
  { title: "Night train", body: "A train through the mountain at night", genre: "travel", year: 2020, vector: [0.1, 0.2, 0.9] },
].map((doc, i) => ({ ...doc, id: `30000000-0000-4000-8000-${String(i).padStart(12, "0")}` }));

const STOPWORDS = new Set("a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(" "));
const tokens = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((token) => token !== "");

/** The bm25 ranking of `query` over `properties` (each `name` or `name^boost`), best first, with float32 scores. */
export function expectedBm25(query: string, properties: string[] = ["title", "body"], docs = keywordDocs): Array<{ id: string; score: number }> {
  const terms = new Map<string, number>();
  for (const token of tokens(query)) if (!STOPWORDS.has(token)) terms.set(token, (terms.get(token) ?? 0) + 1);
  const specs = properties.map((spec) => {
    const [name, boost] = spec.split("^") as [keyof KeywordDoc, string | undefined];
    return { name, boost: boost === undefined ? 1 : Number(boost) };
  });
  const tokenized = docs.map((doc) => Object.fromEntries(specs.map(({ name }) => [name, tokens(String(doc[name]))])));
  const average = Object.fromEntries(specs.map(({ name }) => [name, tokenized.reduce((sum, doc) => sum + doc[name]!.length, 0) / docs.length]));
  const idf = new Map<string, number>();
  for (const [term, count] of terms) {
    const frequencies = specs.map(({ name }) => tokenized.filter((doc) => doc[name]!.includes(term)).length).filter((n) => n > 0);
    const n = frequencies.length === 0 ? 0 : Math.floor(frequencies.reduce((a, b) => a + b, 0) / frequencies.length);
    idf.set(term, Math.log(1 + (docs.length - n + 0.5) / (n + 0.5)) * count);
  }
  const scored = docs.map((doc, i) => {
    let score = 0;
    let matched = false;
    for (const { name, boost } of specs) {
      const words = tokenized[i]![name]!;
      for (const term of terms.keys()) {
        const f = words.filter((word) => word === term).length;
        if (f === 0) continue;
        matched = true;
        score += (boost * idf.get(term)! * f) / (f + 1.2 * (1 - 0.75 + (0.75 * words.length) / average[name]!));
      }
    }
    return { id: doc.id, score: Math.fround(score), matched };
  });
  return scored
    .filter((entry) => entry.matched)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .map(({ id, score }) => ({ id, score }));
}

/** Relative closeness of two scores (the server sums in another order than this reference). */
export function closeScore(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected));
}
