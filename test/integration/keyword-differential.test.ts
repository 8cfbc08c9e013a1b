/**
 * BM25 (GraphQL `bm25`) as a differential test: a few thousand seeded documents over a small
 * vocabulary (stopwords, mixed case, words joined by punctuation, digits), one text property per
 * tokenization, imported in batches, then partly deleted and replaced; every query's page of ids
 * and scores must equal what the reference scorer in test/helpers/keyword-reference.ts computes
 * over the final documents with Weaviate's BlockMax WAND rules.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { graphql, importObjects } from "../helpers/graphql.ts";
import { call } from "../helpers/http.ts";
import {
  buildIndex,
  type Doc,
  EN_STOPWORDS,
  explainDifference,
  firstDifference,
  type GotHit,
  mulberry32,
  type PropDef,
  type RefIndex,
  type RefQuery,
  referenceSearch,
} from "../helpers/keyword-reference.ts";
import { createClass } from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/** KEYWORD_SEED explores other data sets and queries; the default is the one CI runs. */
const random = mulberry32(Number(process.env["KEYWORD_SEED"] ?? 0x5eed));
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

const special = [
  "Apple", "apple", "APPLE", "Banana", "NASA", "iPhone", "foo-bar", "x_y", "e-mail", "state.of.art",
  "v2", "v10", "2024", "3.14", "Café", "café", "naïve", "Straße", "O'Neil", "hello,world", "C++",
  "#tag", "a1b2", "über", "The", "AND", "Of", "foo", "bar", "x", "y",
];
const stop = ["the", "and", "of", "a", "to", "in", "is", "it", "for", "on", "with", "this"];
function vocabulary(): string[] {
  const consonants = "bcdfghklmnprstvz";
  const generated = new Set<string>();
  while (generated.size < 260) {
    let word = "";
    for (let s = between(1, 3); s > 0; s--) word += pick([...consonants]) + pick([..."aeiou"]);
    generated.add(random() < 0.1 ? word + pick([..."ktn"]) : word);
  }
  const rest = [...special, ...generated];
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return [...stop, ...rest];
}
const vocab = vocabulary();
/** Skewed towards the front (stopwords first), so some words are common and most are rare. */
const someWord = (skew = 2) => vocab[Math.floor(vocab.length * random() ** skew)]!;
const text = (low: number, high: number, skew = 2) => {
  let out = someWord(skew);
  for (let i = between(low, high) - 1; i > 0; i--) out += pick([" ", " ", " ", ", ", " - ", ". "]) + someWord(skew);
  return out;
};
const phrases = [
  "red apple", "Red Apple", "red  apple", " green pear ", "new york", "New York", "san francisco", "x_y z",
  "foo-bar", "v2 release", "the end", "and", "Café au lait", "hello world", "HELLO WORLD", "blue",
  "blue sky", "data-driven", "state of the art", "2024 report",
];

const CLASS = "KwDoc";
const props: PropDef[] = [
  { name: "title", tok: "word", array: false, searchable: true },
  { name: "word", tok: "word", array: false, searchable: true },
  { name: "hidden", tok: "word", array: false, searchable: false },
  { name: "lower", tok: "lowercase", array: false, searchable: true },
  { name: "white", tok: "whitespace", array: false, searchable: true },
  { name: "field", tok: "field", array: false, searchable: true },
  { name: "tri", tok: "trigram", array: false, searchable: true },
  { name: "tags", tok: "word", array: true, searchable: true },
];
const schemaProperties = [
  ...props.map((p) => ({
    name: p.name,
    dataType: [p.array ? "text[]" : "text"],
    tokenization: p.tok,
    ...(p.searchable ? {} : { indexSearchable: false }),
  })),
  { name: "n", dataType: ["int"] },
];

function uuid(): string {
  const hex = (count: number) => Array.from({ length: count }, () => pick([..."0123456789abcdef"])).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick([..."89ab"])}${hex(3)}-${hex(12)}`;
}

function properties(): Record<string, unknown> {
  const out: Record<string, unknown> = { n: between(0, 999) };
  const maybe = (key: string, chance: number, value: () => unknown) => {
    if (random() < chance) out[key] = value();
  };
  maybe("title", 0.9, () => text(1, 6));
  maybe("word", 0.9, () => (random() < 0.02 ? pick(["", "!!! --- ...", "the and of"]) : text(3, 40)));
  maybe("hidden", 0.8, () => text(3, 10));
  maybe("lower", 0.85, () => text(2, 20));
  maybe("white", 0.85, () => text(2, 20));
  maybe("field", 0.85, () => pick(phrases));
  maybe("tri", 0.85, () => (random() < 0.05 ? pick(["ab", "x", "  ", "A-b"]) : text(1, 4, 1)));
  maybe("tags", 0.8, () => Array.from({ length: between(0, 4) }, () => text(1, 3)));
  return out;
}

let server: TestServer;
let url: string;
let index: RefIndex;
const docs = new Map<string, Record<string, unknown>>();

async function mutate(): Promise<void> {
  const ids = [...docs.keys()];
  for (let i = 0; i < 40; i++) {
    const id = pick(ids);
    if (!docs.has(id)) continue;
    const reply = await call(url, "DELETE", `/v1/objects/${CLASS}/${id}`);
    assert.equal(reply.status, 204, `deleting ${id}: ${JSON.stringify(reply.body)}`);
    docs.delete(id);
  }
  for (let i = 0; i < 40; i++) {
    const id = pick(ids);
    if (!docs.has(id)) continue;
    const next = properties();
    const reply = await call(url, "PUT", `/v1/objects/${CLASS}/${id}`, { class: CLASS, id, properties: next });
    assert.equal(reply.status, 200, `replacing ${id}: ${JSON.stringify(reply.body)}`);
    docs.set(id, next);
  }
}

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
  await createClass(url, { class: CLASS, properties: schemaProperties });
  const objects = Array.from({ length: 3000 }, () => ({ class: CLASS, id: uuid(), properties: properties() }));
  for (const object of objects) docs.set(object.id, object.properties);
  await importObjects(url, objects);
  await mutate();
  const live: Doc[] = [...docs].map(([id, p]) => ({ id, props: p }));
  index = buildIndex(live, props, { k1: 1.2, b: 0.75, stopwords: new Set(EN_STOPWORDS) });
});

after(() => server?.dispose());

interface Case extends RefQuery {
  limit: number;
  offset?: number;
  where?: boolean;
}

const whereClause = `where:{path:["n"],operator:LessThan,valueInt:500}`;
const belowHalf = (doc: Doc) => (doc.props["n"] as number) < 500;

function graphqlOf(className: string, c: Case): string {
  const bm25 = [`query:${JSON.stringify(c.query)}`];
  if (c.properties) bm25.push(`properties:${JSON.stringify(c.properties)}`);
  if (c.operator) bm25.push(`searchOperator:{operator:${c.operator}, minimumOrTokensMatch:${c.minimumOrTokensMatch ?? 0}}`);
  const args = [`bm25:{${bm25.join(", ")}}`, ...(c.where ? [whereClause] : []), `limit:${c.limit}`];
  if (c.offset !== undefined) args.push(`offset:${c.offset}`);
  return `{Get{${className}(${args.join(", ")}){_additional{id score explainScore}}}}`;
}

/** Runs every case; returns one line per failing case (the query and its first difference). */
async function runCases(className: string, ref: RefIndex, cases: Case[]): Promise<string[]> {
  const failures: string[] = [];
  for (const c of cases) {
    const query = graphqlOf(className, c);
    const reply = await graphql(url, query);
    const list = reply.body?.data?.Get?.[className];
    if (reply.status !== 200 || reply.body.errors || !Array.isArray(list)) {
      failures.push(`${query}\n  error: ${JSON.stringify(reply.body?.errors ?? reply.body)}`);
      continue;
    }
    const got: GotHit[] = list.map((entry: { _additional: { id: string; score: string; explainScore: string } }) => ({
      id: entry._additional.id,
      score: typeof entry._additional.score === "string" ? Number(entry._additional.score) : Number.NaN,
      explainScore: entry._additional.explainScore,
    }));
    const all = referenceSearch(ref, c.where ? { ...c, filter: belowHalf } : c);
    const single = c.properties?.length === 1 ? c.properties[0]!.split("^")[0]! : undefined;
    const unexplained = got.find((hit) => typeof hit.explainScore !== "string" || !hit.explainScore.includes("BM25F_"));
    const difference =
      firstDifference(all, c.offset ?? 0, c.limit, got) ??
      (single ? explainDifference(all, got, single) : undefined) ??
      (unexplained ? `${unexplained.id}: explainScore ${JSON.stringify(unexplained.explainScore)}` : undefined);
    if (difference) failures.push(`${query}\n  ${difference}`);
  }
  return failures;
}

function assertNoFailures(failures: string[], total: number): void {
  const shown = failures.slice(0, 12).join("\n");
  assert.equal(failures.length, 0, `${failures.length} of ${total} queries differ from the reference:\n${shown}`);
}

const limits = [10, 3, 25, 100, 1, 50, 7];
/** `count` cases over `propertyLists` with operators, filters, limits and offsets in rotation. */
function cases(count: number, propertyLists: Array<string[] | undefined>, queryText: (words: number) => string): Case[] {
  return Array.from({ length: count }, (_, j) => {
    const operator = j % 4;
    // And wants few words to match anything, Or with a minimum of 2 at least two.
    const words = operator === 1 ? between(1, 2) : between(operator === 2 ? 2 : 1, 4);
    const c: Case = { query: queryText(words), limit: limits[j % limits.length]! };
    const properties = propertyLists[j % propertyLists.length];
    if (properties) c.properties = properties;
    if (operator === 1) c.operator = "And";
    if (operator === 2) Object.assign(c, { operator: "Or", minimumOrTokensMatch: 2 });
    if (operator === 3) Object.assign(c, { operator: "Or", minimumOrTokensMatch: 0 });
    if (j % 3 === 2) c.where = true;
    if (j % 5 === 4) c.offset = 3;
    return c;
  });
}

/** `count` words, sometimes one repeated (a query count of 2), fewer of the rare ones when few. */
const wordsQuery = (count: number) => {
  const words = Array.from({ length: count }, () => someWord(count <= 2 ? 3 : pick([1, 2, 3])));
  if (random() < 0.2) words.push(words[0]!);
  return words.join(pick([" ", " ", " ", ", ", "-"]));
};
const fieldQuery = () => {
  const phrase = pick(phrases);
  return pick([phrase, phrase, `  ${phrase} `, phrase.toUpperCase(), someWord(1)]);
};
const trigramQuery = (count: number) => {
  const word = someWord(1);
  const start = between(0, Math.max(0, word.length - 3));
  return pick([word, word.slice(start, start + between(2, 5)), wordsQuery(count), "ab", "App le"]);
};

describe("bm25 against the reference scorer", () => {
  const groups: Array<[string, Array<string[] | undefined>, (words: number) => string]> = [
    [
      "word",
      [["word"], ["title"], ["tags"], ["title^2", "word"], ["title^3", "tags"], ["word", "tags"], ["title^1.5", "word"], ["word^2"]],
      wordsQuery,
    ],
    ["lowercase", [["lower"], ["lower^2"], ["lower", "white"]], wordsQuery],
    ["whitespace", [["white"], ["white^3"], ["white", "word"]], wordsQuery],
    ["field", [["field"], ["field^2"], ["field", "title"]], fieldQuery],
    ["trigram", [["tri"], ["tri^2"], ["tri", "word"]], trigramQuery],
    ["all searchable properties (omitted)", [undefined], wordsQuery],
  ];
  for (const [name, propertyLists, queryText] of groups) {
    it(`${name}: 40 queries`, async () => {
      const list = cases(40, propertyLists, queryText);
      assertNoFailures(await runCases(CLASS, index, list), list.length);
    });
  }

  it("a query of only stopwords finds nothing in word properties", async () => {
    const list: Case[] = [
      { query: "the and of", properties: ["word"], limit: 10 },
      { query: "The AND Of, a", properties: ["title^2", "word", "tags"], limit: 10 },
      { query: "this is it", properties: ["tags"], operator: "And", limit: 10 },
    ];
    for (const c of list) assert.deepEqual(referenceSearch(index, c), [], "the reference finds nothing");
    assertNoFailures(await runCases(CLASS, index, list), list.length);
  });
});

describe("bm25 with a class's own k1, b and stopwords", () => {
  const TUNED = "KwTuned";
  let tuned: RefIndex;
  const tunedProps: PropDef[] = [
    { name: "body", tok: "word", array: false, searchable: true },
    { name: "note", tok: "lowercase", array: false, searchable: true },
  ];

  before(async () => {
    await createClass(url, {
      class: TUNED,
      invertedIndexConfig: {
        bm25: { k1: 1.5, b: 0.6 },
        stopwords: { preset: "en", additions: ["apple", "foo"], removals: ["the", "of"] },
      },
      properties: tunedProps.map((p) => ({ name: p.name, dataType: ["text"], tokenization: p.tok })),
    });
    const objects = Array.from({ length: 400 }, () => ({
      class: TUNED,
      id: uuid(),
      properties: { body: text(2, 25), note: text(1, 8) },
    }));
    await importObjects(url, objects);
    const stopwords = new Set(EN_STOPWORDS.filter((w) => w !== "the" && w !== "of"));
    for (const w of ["apple", "foo"]) stopwords.add(w);
    tuned = buildIndex(
      objects.map((o) => ({ id: o.id, props: o.properties })),
      tunedProps,
      { k1: 1.5, b: 0.6, stopwords },
    );
  });

  it("20 queries", async () => {
    const fixed: Case[] = [
      { query: "the", properties: ["body"], limit: 20 },
      { query: "apple Foo", properties: ["body"], limit: 20 },
      { query: "apple of the", limit: 20 },
      { query: "and", properties: ["body", "note"], limit: 20 },
    ];
    const list = [
      ...fixed,
      ...cases(16, [["body"], ["note"], undefined, ["body^2", "note"]], wordsQuery).map(({ where: _, ...c }) => c),
    ];
    assertNoFailures(await runCases(TUNED, tuned, list), list.length);
  });
});
