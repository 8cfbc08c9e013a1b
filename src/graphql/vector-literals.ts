/**
 * The request fast path for vector literals. Clients send nearVector vectors inline
 * (`vector:[0.12,-0.5,...]`), so every query string is new: graphql-js would lex, parse and
 * validate hundreds of number nodes each time, and Yoga's parse and validation caches would never
 * hit. Before parsing, each numeric `vector:[...]` list is cut out of the query text and replaced
 * by a placeholder (`vector:["__vector_literal_0__"]`), and the vector scalar's parseLiteral
 * picks the numbers up. Queries that differ only in their vectors then share one parsed and
 * validated document.
 *
 * The numbers are handed over in a slot that is set only while validation and the synchronous
 * start of execution run: graphql-js coerces the arguments of root fields and of the fields under
 * them (Get → <Class>, Aggregate → <Class>, Explore) before its first await, and concurrent
 * requests cannot interleave inside synchronous code. (AsyncLocalStorage would do the same but
 * turns on promise hooks on Node 20, which slows every promise in the process.) A placeholder
 * read outside the slot finds nothing and fails as an invalid vector, never silently.
 */

let current: readonly number[][] | undefined;

const PLACEHOLDER = /^__vector_literal_(\d+)__$/;

/** The vector a placeholder stands for in the current request, if it is one. */
export function vectorForPlaceholder(value: string): number[] | undefined {
  const match = PLACEHOLDER.exec(value);
  if (!match) return undefined;
  return current?.[Number(match[1])];
}

/** Runs the synchronous `work` with the vectors extracted from the request's query. */
export function withVectorLiterals<T>(vectors: readonly number[][], work: () => T): T {
  const previous = current;
  current = vectors;
  try {
    return work();
  } finally {
    current = previous;
  }
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

/**
 * Cuts numeric `vector:[...]` lists out of a query. Strings and comments are skipped, so text
 * that merely looks like a vector is left alone; anything that is not a plain list of GraphQL
 * numbers stays in the query for graphql-js to judge.
 */
export interface ExtractedQuery {
  query: string;
  vectors: number[][];
  /** Maps a position in the rewritten query back to the original text (for error locations). */
  originalPosition(position: number): number;
}

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
    const placeholder = `["__vector_literal_${vectors.length}__"]`;
    out += `${query.slice(copied, open)}${placeholder}`;
    edits.push({ start: open, oldLength: close + 1 - open, newLength: placeholder.length });
    vectors.push(numbers);
    copied = close + 1;
    i = close + 1;
  }
  return { query: vectors.length === 0 ? query : out + query.slice(copied), vectors, originalPosition };
}
