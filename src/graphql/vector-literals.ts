/**
 * The request fast path for vector literals. Clients send nearVector vectors inline
 * (`vector:[0.12,-0.5,...]`), so every query string is new: graphql-js would lex, parse and
 * validate hundreds of number nodes each time, and the parse and validation caches would never
 * hit. Before parsing, each numeric `vector:[...]` list is cut out of the query text and replaced
 * by a placeholder (`vector:["__vector_literal_0__"]`). Queries that differ only in their vectors
 * then share one parsed and validated document.
 *
 * The numbers go back in per request, into the request's own copy of the document: the lists of
 * placeholders are found once per cached document (placeholderSites), and each request copies
 * only the nodes on the way from the root to them, replacing each placeholder list by one that
 * carries its vector (withVectors). The vector scalar's parseLiteral takes the vector from the
 * node it is given (carriedVector), so the numbers reach it whenever graphql-js coerces the
 * argument, before or after an await, with no state shared between requests. The cached
 * document itself never carries a vector. A placeholder numbered past the request's vectors (a
 * client writing placeholder text itself) carries none and fails as an invalid vector, never
 * silently.
 */
import { type DocumentNode, Kind, type ListValueNode, type ValueNode, visit } from "graphql";

const PLACEHOLDER = /^__vector_literal_(\d+)__$/;
const PLACEHOLDER_TEXT = "__vector_literal_";

/** Where the key of a carried vector lives on a node: a symbol, so no GraphQL text can spell it. */
const VECTOR = Symbol("vector literal");

/** A placeholder list that carries the vector it stands for. */
interface CarrierNode extends ListValueNode {
  readonly [VECTOR]: number[];
}

/** The vector a node carries, if it is a carrier (see withVectors). */
export function carriedVector(node: ValueNode): number[] | undefined {
  return VECTOR in node ? (node as CarrierNode)[VECTOR] : undefined;
}

/** One placeholder list in a document: the keys from the document root to it, and its number. */
export interface PlaceholderSite {
  readonly path: readonly (string | number)[];
  readonly index: number;
}

/** A step from a node to its child on the way to placeholders: a leaf is a placeholder list. */
interface SiteStep {
  readonly key: string | number;
  readonly index: number | undefined;
  readonly next: SiteStep[];
}

/** Where a document's placeholders are (placeholderSites), for withVectors. */
export interface PlaceholderSites {
  /** In document order. */
  readonly list: readonly PlaceholderSite[];
  /** One more than the highest placeholder number; 0 without placeholders. */
  readonly count: number;
  /** The paths merged, so a node on the way to several placeholders is copied once. */
  readonly steps: readonly SiteStep[];
}

const NO_SITES: PlaceholderSites = { list: [], count: 0, steps: [] };

function stepsOf(list: readonly PlaceholderSite[]): SiteStep[] {
  const roots: SiteStep[] = [];
  for (const { path, index } of list) {
    let level = roots;
    path.forEach((key, depth) => {
      const leaf = depth === path.length - 1;
      let step = level.find((candidate) => candidate.key === key);
      if (!step) {
        step = { key, index: leaf ? index : undefined, next: [] };
        level.push(step);
      }
      level = step.next;
    });
  }
  return roots;
}

/** The placeholder lists of a document (found once per cached document). */
export function placeholderSites(document: DocumentNode): PlaceholderSites {
  const text = document.loc?.source.body;
  if (text !== undefined && !text.includes(PLACEHOLDER_TEXT)) return NO_SITES;
  const list: PlaceholderSite[] = [];
  visit(document, {
    ListValue(node, _key, _parent, path) {
      const [only] = node.values;
      const match = node.values.length === 1 && only?.kind === Kind.STRING ? PLACEHOLDER.exec(only.value) : null;
      if (match) list.push({ path: [...path], index: Number(match[1]) });
    },
  });
  if (list.length === 0) return NO_SITES;
  return { list, count: Math.max(...list.map((site) => site.index)) + 1, steps: stepsOf(list) };
}

type Container = Record<string | number, unknown>;

/** A copy of `node` with the steps below it taken; a placeholder with a vector becomes a carrier. */
function copyAlong(node: unknown, steps: readonly SiteStep[], vectors: readonly number[][]): Container {
  const copied = (Array.isArray(node) ? node.slice() : { ...(node as object) }) as Container;
  for (const step of steps) {
    const child = copied[step.key];
    if (step.index === undefined) {
      copied[step.key] = copyAlong(child, step.next, vectors);
      continue;
    }
    const vector = vectors[step.index];
    if (vector === undefined) continue;
    const carrier: CarrierNode = { ...(child as ListValueNode), [VECTOR]: vector };
    copied[step.key] = carrier;
  }
  return copied;
}

/**
 * The document as one request sees it: each placeholder list whose vector is in `vectors` is
 * replaced by a carrier of that vector. Only the objects and arrays on the paths to the sites are
 * copied (about a dozen for one nearVector); everything else, and `document` itself, is shared
 * and unchanged.
 */
export function withVectors(document: DocumentNode, sites: PlaceholderSites, vectors: readonly number[][]): DocumentNode {
  if (sites.count === 0 || vectors.length === 0) return document;
  return copyAlong(document, sites.steps, vectors) as unknown as DocumentNode;
}

const GRAPHQL_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const NUMBER_LIST_CHARS = /^[-+0-9.eE,\s]*$/;

function parseNumbers(body: string): number[] | undefined {
  if (!NUMBER_LIST_CHARS.test(body)) return undefined;
  // JSON's number grammar is GraphQL's, so a comma-separated list (what every client sends)
  // parses natively; other separators (spaces, a trailing comma) take the slow path below.
  try {
    const parsed = JSON.parse(`[${body}]`) as unknown[];
    if (parsed.length > 0 && parsed.every((value) => typeof value === "number")) return parsed as number[];
  } catch {
    // not plain JSON: check token by token
  }
  const tokens = body.split(/[\s,]+/).filter((token) => token !== "");
  if (tokens.length === 0) return undefined;
  const numbers = new Array<number>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    if (!GRAPHQL_NUMBER.test(tokens[i]!)) return undefined;
    numbers[i] = Number(tokens[i]);
  }
  return numbers;
}

const isNameStart = (code: number) => code === 95 || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isNameChar = (code: number) => isNameStart(code) || (code >= 48 && code <= 57);

/** Index just past a string literal starting at `start` (a `"` or `"""`). */
function skipString(query: string, start: number): number {
  if (query.startsWith('"""', start)) {
    const end = query.indexOf('"""', start + 3);
    return end === -1 ? query.length : end + 3;
  }
  let i = start + 1;
  while (i < query.length) {
    const char = query[i];
    if (char === "\\") i += 2;
    else if (char === '"' || char === "\n") return i + 1;
    else i++;
  }
  return i;
}

function skipSpace(query: string, start: number): number {
  let i = start;
  while (i < query.length && /[\s,]/.test(query[i]!)) i++;
  return i;
}

/** A query with its vector literals cut out (extractVectorLiterals). */
export interface ExtractedQuery {
  /** The query text with a placeholder for each vector. */
  query: string;
  /** The vectors, by placeholder number. */
  vectors: number[][];
  /** Maps a position in the rewritten query back to the original text (for error locations). */
  originalPosition(position: number): number;
}

/**
 * Cuts numeric `vector:[...]` lists out of a query. Strings and comments are skipped, so text
 * that merely looks like a vector is left alone; anything that is not a plain list of GraphQL
 * numbers stays in the query for graphql-js to judge.
 */
export function extractVectorLiterals(query: string): ExtractedQuery {
  const vectors: number[][] = [];
  const edits: Array<{ start: number; oldLength: number; newLength: number }> = [];
  const originalPosition = (position: number) => {
    let shift = 0;
    for (const edit of edits) {
      const rewrittenStart = edit.start + shift;
      if (position < rewrittenStart) break;
      if (position < rewrittenStart + edit.newLength) return edit.start;
      shift += edit.newLength - edit.oldLength;
    }
    return position - shift;
  };
  if (!query.includes("vector")) return { query, vectors, originalPosition };
  let out = "";
  let copied = 0;
  let i = 0;
  while (i < query.length) {
    const char = query[i]!;
    if (char === '"') {
      i = skipString(query, i);
      continue;
    }
    if (char === "#") {
      const end = query.indexOf("\n", i);
      i = end === -1 ? query.length : end + 1;
      continue;
    }
    const code = query.charCodeAt(i);
    if (!isNameStart(code)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < query.length && isNameChar(query.charCodeAt(end))) end++;
    const name = query.slice(i, end);
    i = end;
    if (name !== "vector") continue;
    const colon = skipSpace(query, end);
    if (query[colon] !== ":") continue;
    const open = skipSpace(query, colon + 1);
    if (query[open] !== "[") continue;
    const close = query.indexOf("]", open + 1);
    if (close === -1) continue;
    const numbers = parseNumbers(query.slice(open + 1, close));
    if (!numbers) continue;
    const placeholder = `["${PLACEHOLDER_TEXT}${vectors.length}__"]`;
    out += `${query.slice(copied, open)}${placeholder}`;
    edits.push({ start: open, oldLength: close + 1 - open, newLength: placeholder.length });
    vectors.push(numbers);
    copied = close + 1;
    i = close + 1;
  }
  return { query: vectors.length === 0 ? query : out + query.slice(copied), vectors, originalPosition };
}
