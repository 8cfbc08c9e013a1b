/**
 * selection.ts over real GraphQLResolveInfo: a tiny SDL schema (Article ⇄ Author through
 * reference unions, as Get names them) is executed and its root resolver hands `info` to
 * checkReferenceDepth / selectsAdditional. Every query is validated first, so the shapes are
 * ones graphql-js lets through.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildSchema as buildSdl, execute, type GraphQLResolveInfo, parse, validate } from "graphql";
import { checkReferenceDepth, selectsAdditional } from "../../../src/graphql/selection.ts";
import { article, assertUnprocessable, collection, lookupIn } from "./fixtures.ts";

const writer = collection(
  {
    class: "Author",
    properties: [
      { name: "name", dataType: ["text"] },
      { name: "wrote", dataType: ["Article"] },
    ],
  },
  ["Article"],
);
const lookup = lookupIn([article, writer]);

const schema = buildSdl(`
  type Query { Article: [Article] }
  type Beacon { beacon: String }
  type ArticleAdditional { id: String certainty: Float distance: Float }
  type AuthorAdditional { id: String certainty: Float }
  type Article { title: String wordCount: Float hasAuthor: [ArticlehasAuthorObj] _additional: ArticleAdditional }
  type Author { name: String wrote: [AuthorwroteObj] _additional: AuthorAdditional }
  union ArticlehasAuthorObj = Author | Beacon
  union AuthorwroteObj = Article | Beacon
`);

/** Validates `query`, executes it and returns the info the root `Article` resolver saw. */
function infoFor(query: string): GraphQLResolveInfo {
  const document = parse(query);
  assert.deepEqual(
    validate(schema, document).map((error) => error.message),
    [],
    query,
  );
  let captured: GraphQLResolveInfo | undefined;
  const result = execute({
    schema,
    document,
    rootValue: {
      Article: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
        captured = info;
        return null;
      },
    },
  });
  assert.ok(!(result instanceof Promise));
  assert.equal(result.errors, undefined);
  assert.ok(captured, "the Article resolver did not run");
  return captured;
}

const check = (query: string, limit: number) => checkReferenceDepth(infoFor(query), article, lookup, limit);

/** Article → Author → Article → Author: three reference hops. */
const depth3 = `{ Article { hasAuthor { ... on Author { wrote { ... on Article {
  hasAuthor { ... on Author { name } } } } } } } }`;

describe("checkReferenceDepth", () => {
  test("no references → any limit passes, even 0", () => {
    check("{ Article { title _additional { id } } }", 0);
  });

  test("one hop: accepted at limit 1, refused at limit 0", () => {
    const query = "{ Article { hasAuthor { ... on Author { name } } } }";
    check(query, 1);
    assertUnprocessable(() => check(query, 0), "QUERY_CROSS_REFERENCE_DEPTH_LIMIT");
  });

  test("a reference selected only for its beacon still counts as a hop", () => {
    assertUnprocessable(() => check("{ Article { hasAuthor { ... on Beacon { beacon } } } }", 0));
  });

  test("inline fragments: depth = limit accepted, depth > limit refused", () => {
    check(depth3, 3);
    check(depth3, 5);
    assertUnprocessable(() => check(depth3, 2), "depth 3");
  });

  test("the message names the property and the limit", () => {
    assertUnprocessable(
      () => check(depth3, 2),
      "nested references are too deep: 'Article.hasAuthor' is at depth 3",
    );
    assertUnprocessable(() => check(depth3, 2), "the limit (QUERY_CROSS_REFERENCE_DEPTH_LIMIT) is 2");
  });

  test("named fragments are followed", () => {
    const query = `
      { Article { ...ArticleRefs } }
      fragment ArticleRefs on Article { hasAuthor { ...AuthorRefs } }
      fragment AuthorRefs on Author { wrote { ...ArticleLeaf } }
      fragment ArticleLeaf on Article { hasAuthor { ... on Author { name } } }`;
    check(query, 3);
    assertUnprocessable(() => check(query, 2), "depth 3");
  });

  test("aliases do not hide a reference", () => {
    const query = "{ Article { a: hasAuthor { ... on Author { w: wrote { ... on Article { title } } } } } }";
    check(query, 2);
    assertUnprocessable(() => check(query, 1), "depth 2");
  });

  test("the deepest branch decides", () => {
    const query = `{ Article {
      shallow: hasAuthor { ... on Author { name } }
      deep: hasAuthor { ... on Author { wrote { ... on Article { title } } } } } }`;
    check(query, 2);
    assertUnprocessable(() => check(query, 1));
  });

  test(
    "an inline fragment on the union type itself does not hide the hops below it",
    () => {
      const query = `{ Article { hasAuthor { ... on ArticlehasAuthorObj { ... on Author {
        wrote { ... on Article { title } } } } } } }`;
      assertUnprocessable(() => check(query, 1), "depth 2");
    },
  );
});

describe("selectsAdditional", () => {
  const selects = (query: string, name: string) => selectsAdditional(infoFor(query), name);

  test("a field selected in _additional", () => {
    assert.equal(selects("{ Article { _additional { certainty } } }", "certainty"), true);
    assert.equal(selects("{ Article { _additional { id distance } } }", "certainty"), false);
    assert.equal(selects("{ Article { title } }", "certainty"), false);
  });

  test("through aliases and named fragments", () => {
    assert.equal(selects("{ Article { extra: _additional { c: certainty } } }", "certainty"), true);
    assert.equal(
      selects(
        "{ Article { ...F } } fragment F on Article { _additional { ...G } } fragment G on ArticleAdditional { certainty }",
        "certainty",
      ),
      true,
    );
    assert.equal(selects("{ Article { ... on Article { _additional { ... { certainty } } } } }", "certainty"), true);
  });

  test("an _additional inside a reference does not count for the top level", () => {
    assert.equal(
      selects("{ Article { hasAuthor { ... on Author { _additional { certainty } } } } }", "certainty"),
      false,
    );
  });
});
