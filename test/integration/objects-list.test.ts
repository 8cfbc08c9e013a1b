/**
 * GET /v1/objects against the real server (reference §3.3): UUID order, limit / offset and
 * QUERY_MAXIMUM_RESULTS, the `after` cursor, sort / order, include=vector and the error cases.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, errorMessage } from "../helpers/http.ts";
import {
  createClass,
  createObject,
  nextMillisecond,
  type ObjectList,
  uuidOf,
  type WireObject,
} from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const MAX_RESULTS = 40;
const COUNT = 25;

interface Row {
  id: string;
  title: string;
  rank: number;
  published: string;
  group: string;
}

// Titles, ranks and dates are deliberately not in id order, so sorting is visible.
const rows: Row[] = Array.from({ length: COUNT }, (_, i) => ({
  id: uuidOf(0x1000 + i),
  title: `title-${String.fromCharCode(97 + ((i * 7) % COUNT))}`,
  rank: ((i * 11) % COUNT) / 4,
  published: new Date(Date.UTC(2020, 0, 1 + ((i * 13) % COUNT))).toISOString().replace(".000", ""),
  group: i % 3 === 0 ? "a" : "b",
}));

let server: TestServer;
let url: string;

async function list(query: string): Promise<ObjectList> {
  const reply = await call<ObjectList>(url, "GET", `/v1/objects?${query}`);
  assert.equal(reply.status, 200, `${query}: ${JSON.stringify(reply.body)}`);
  assert.equal(reply.body.totalResults, reply.body.objects.length, "totalResults is the page length");
  assert.deepEqual(reply.body.deprecations, []);
  return reply.body;
}

const ids = (page: ObjectList) => page.objects.map((object) => object.id);
const sortedIds = rows.map((row) => row.id).sort();

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false", QUERY_MAXIMUM_RESULTS: String(MAX_RESULTS) });
  url = server.url;
  await createClass(url, {
    class: "Item",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "rank", dataType: ["number"] },
      { name: "published", dataType: ["date"] },
      { name: "group", dataType: ["text"] },
    ],
  });
  await createClass(url, { class: "Empty", properties: [{ name: "title", dataType: ["text"] }] });
  await createClass(url, { class: "Other", properties: [{ name: "title", dataType: ["text"] }] });
  // Inserted in reverse id order so the UUID order of listings is not the insertion order.
  const objects = [...rows].reverse().map(({ id, ...properties }, i) => ({
    class: "Item",
    id,
    properties,
    vector: [i + 1, 1],
  }));
  const reply = await call<Array<{ result: { status: string } }>>(url, "POST", "/v1/batch/objects", { objects });
  assert.equal(reply.status, 200);
  assert.ok(reply.body.every((item) => item.result.status === "SUCCESS"));
  await createObject(url, { class: "Other", id: uuidOf(0x10), properties: { title: "other" } });
});

after(() => server.dispose());

describe("limit and offset", () => {
  it("lists a class in ascending UUID order, QUERY_DEFAULTS_LIMIT (10) at a time", async () => {
    const page = await list("class=Item");
    assert.deepEqual(ids(page), sortedIds.slice(0, 10));
    assert.ok(page.objects.every((object) => object.class === "Item" && object.vector === undefined));
  });

  it("pages with limit and offset", async () => {
    assert.deepEqual(ids(await list("class=Item&limit=5&offset=3")), sortedIds.slice(3, 8));
    assert.deepEqual(ids(await list("class=Item&limit=20&offset=20")), sortedIds.slice(20));
    assert.deepEqual(ids(await list("class=Item&limit=5&offset=30")), []);
    assert.deepEqual(ids(await list("class=Empty")), []);
  });

  it("allows offset + limit up to QUERY_MAXIMUM_RESULTS and refuses more with 422", async () => {
    assert.equal((await list(`class=Item&offset=10&limit=${MAX_RESULTS - 10}`)).totalResults, COUNT - 10);
    const reply = await call(url, "GET", `/v1/objects?class=Item&offset=10&limit=${MAX_RESULTS - 9}`);
    assert.equal(reply.status, 422);
    assert.match(
      errorMessage(reply),
      new RegExp(
        `query maximum results exceeded: the total limit calculated from the provided offset '10' and limit '${MAX_RESULTS - 9}' exceeds the configured value for QUERY_MAXIMUM_RESULTS '${MAX_RESULTS}'`,
      ),
    );
  });

  it("lists every class without the class parameter", async () => {
    const page = await list("limit=40");
    assert.equal(page.totalResults, COUNT + 1);
    assert.deepEqual(new Set(page.objects.map((object) => object.class)), new Set(["Item", "Other"]));
    const items = page.objects.filter((object) => object.class === "Item").map((object) => object.id);
    assert.deepEqual(items, sortedIds, "UUID order within a class");
  });

  it("includes vectors with include=vector and refuses unknown includes", async () => {
    const page = await list("class=Item&limit=3&include=vector");
    for (const object of page.objects) {
      const position = rows.length - 1 - rows.findIndex((row) => row.id === object.id);
      assert.deepEqual(object.vector, [position + 1, 1]);
    }
    const reply = await call(url, "GET", "/v1/objects?class=Item&include=vectors");
    assert.equal(reply.status, 400);
  });

  it("answers 404 without a body for an unknown class", async () => {
    const reply = await call(url, "GET", "/v1/objects?class=Nowhere");
    assert.equal(reply.status, 404);
    assert.equal(reply.body, undefined);
  });
});

describe("the after cursor", () => {
  it("walks a class page by page with no duplicates and no gaps", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const query = `class=Item&limit=7${cursor ? `&after=${cursor}` : ""}`;
      const page = await list(query);
      if (page.objects.length === 0) break;
      seen.push(...ids(page));
      cursor = page.objects.at(-1)!.id;
    }
    assert.deepEqual(seen, sortedIds);
  });

  it("starts right after the given id, which need not exist", async () => {
    assert.deepEqual(ids(await list(`class=Item&limit=3&after=${sortedIds[4]}`)), sortedIds.slice(5, 8));
    assert.deepEqual(ids(await list(`class=Item&limit=3&after=${uuidOf(0x100f)}`)), sortedIds.slice(16, 19));
    assert.deepEqual(ids(await list(`class=Item&limit=3&after=${sortedIds.at(-1)}`)), []);
  });

  it("refuses after without class, with offset, without limit or with a bad uuid", async () => {
    const cases: Array<[string, RegExp]> = [
      [`limit=5&after=${sortedIds[0]}`, /cursor must be specific to one class/],
      [`class=Item&limit=5&offset=2&after=${sortedIds[0]}`, /offset cannot be set with after and limit parameters/],
      [`class=Item&after=${sortedIds[0]}`, /limit parameter must be set/],
      ["class=Item&limit=5&after=nope", /after/],
    ];
    for (const [query, message] of cases) {
      const reply = await call(url, "GET", `/v1/objects?${query}`);
      assert.equal(reply.status, 422, query);
      assert.match(errorMessage(reply), message);
    }
  });
});

describe("sort and order", () => {
  const by = <K extends keyof Row>(key: K, direction: 1 | -1) =>
    [...rows]
      .sort((a, b) => (a[key] < b[key] ? -direction : a[key] > b[key] ? direction : 0))
      .map((row) => row.id);

  it("sorts by text, number and date, ascending by default and descending on request", async () => {
    assert.deepEqual(ids(await list("class=Item&limit=40&sort=title")), by("title", 1));
    assert.deepEqual(ids(await list("class=Item&limit=40&sort=title&order=desc")), by("title", -1));
    assert.deepEqual(ids(await list("class=Item&limit=40&sort=rank&order=asc")), by("rank", 1));
    assert.deepEqual(ids(await list("class=Item&limit=40&sort=rank&order=desc")), by("rank", -1));
    assert.deepEqual(ids(await list("class=Item&limit=40&sort=published")), by("published", 1));
    assert.deepEqual(ids(await list("class=Item&limit=40&sort=published&order=desc")), by("published", -1));
  });

  it("applies limit and offset after sorting", async () => {
    assert.deepEqual(ids(await list("class=Item&limit=4&offset=2&sort=rank&order=desc")), by("rank", -1).slice(2, 6));
  });

  it("sorts by several keys positionally", async () => {
    const expected = [...rows]
      .sort((a, b) => (a.group === b.group ? b.rank - a.rank : a.group < b.group ? -1 : 1))
      .map((row) => row.id);
    assert.deepEqual(ids(await list("class=Item&limit=40&sort=group,rank&order=asc,desc")), expected);
  });

  it("sorts by _creationTimeUnix", async () => {
    const created: WireObject[] = [];
    for (const title of ["c", "a", "b"]) {
      created.push(await createObject(url, { class: "Empty", properties: { title } }));
      await nextMillisecond();
    }
    const ascending = created.map((object) => object.id);
    assert.deepEqual(ids(await list("class=Empty&sort=_creationTimeUnix")), ascending);
    assert.deepEqual(ids(await list("class=Empty&sort=_creationTimeUnix&order=desc")), [...ascending].reverse());
  });

  it("refuses an unknown sort property and an unknown order", async () => {
    const unknown = await call(url, "GET", "/v1/objects?class=Item&sort=colour");
    assert.equal(unknown.status, 422);
    const order = await call(url, "GET", "/v1/objects?class=Item&sort=title&order=sideways");
    assert.equal(order.status, 400);
  });
});

describe("QUERY_DEFAULTS_LIMIT", () => {
  it("sets the page size when limit is not given", async () => {
    const small = await startTestServer({ QUERY_DEFAULTS_LIMIT: "3" });
    try {
      const objects = Array.from({ length: 5 }, (_, i) => ({ class: "Tiny", id: uuidOf(i + 1) }));
      assert.equal((await call(small.url, "POST", "/v1/batch/objects", { objects })).status, 200);
      const reply = await call<ObjectList>(small.url, "GET", "/v1/objects?class=Tiny");
      assert.deepEqual(
        reply.body.objects.map((object) => object.id),
        [uuidOf(1), uuidOf(2), uuidOf(3)],
      );
    } finally {
      await small.dispose();
    }
  });
});
