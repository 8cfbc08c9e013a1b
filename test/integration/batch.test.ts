/**
 * POST /v1/batch/objects and DELETE /v1/batch/objects against the real server (reference §3.6,
 * §3.7): per-object results, upserts, partial failures, where filters, dryRun, output, the
 * QUERY_MAXIMUM_RESULTS cap and the whole-request errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, errorMessage } from "../helpers/http.ts";
import {
  createClass,
  getObject,
  nextMillisecond,
  type ObjectList,
  uuidOf,
  V4_UUID,
  type WireObject,
} from "../helpers/objects.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

interface BatchResult extends Partial<WireObject> {
  result: { status: "SUCCESS" | "FAILED"; errors?: { error: Array<{ message: string }> } };
}

interface DeleteReply {
  match: { class: string; where: unknown };
  output: string;
  dryRun: boolean;
  results: {
    matches: number;
    limit: number;
    successful: number;
    failed: number;
    objects: Array<{ id: string; status: string }> | null;
  };
}

let server: TestServer;
let url: string;

async function batch(objects: unknown[]): Promise<BatchResult[]> {
  const reply = await call<BatchResult[]>(url, "POST", "/v1/batch/objects", { objects });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  assert.equal(reply.body.length, objects.length, "one result per input object");
  return reply.body;
}

async function countOf(className: string): Promise<number> {
  const reply = await call<ObjectList>(url, "GET", `/v1/objects?class=${className}&limit=1000`);
  return reply.body.totalResults;
}

before(async () => {
  server = await startTestServer({ AUTOSCHEMA_ENABLED: "false" });
  url = server.url;
  await createClass(url, {
    class: "Doc",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "size", dataType: ["int"] },
    ],
  });
});

after(() => server.dispose());

describe("POST /v1/batch/objects", () => {
  it("returns one result per object, in input order, with the stored object", async () => {
    const results = await batch([
      { class: "Doc", id: uuidOf(2), properties: { title: "two", size: 2 }, vector: [1, 0] },
      { class: "doc", properties: { title: "generated" } },
      { class: "Doc", id: uuidOf(1), properties: { title: "one", size: 1 }, vector: [0, 1] },
    ]);
    assert.deepEqual(
      results.map((item) => item.result.status),
      ["SUCCESS", "SUCCESS", "SUCCESS"],
    );
    assert.equal(results[0]!.id, uuidOf(2));
    assert.deepEqual(results[0]!.properties, { title: "two", size: 2 });
    // Batch replies leave vectors out (see README); the stored vector is checked below.
    assert.equal(results[0]!.vector, undefined);
    assert.equal(results[1]!.class, "Doc");
    assert.match(results[1]!.id!, V4_UUID);
    assert.equal(results[2]!.id, uuidOf(1));
    assert.ok(results[0]!.creationTimeUnix! > 0);
    for (const item of results) {
      const stored = await getObject(url, "Doc", item.id!);
      assert.deepEqual(stored.properties, item.properties);
    }
    const withVector = await call<{ vector?: number[] }>(url, "GET", `/v1/objects/Doc/${uuidOf(2)}?include=vector`);
    assert.deepEqual(withVector.body.vector, [1, 0]);
  });

  it("fails bad objects alone and writes the others", async () => {
    await batch([{ class: "Doc", id: uuidOf(0x10), vector: [1, 1] }]);
    const results = await batch([
      { class: "Doc", id: uuidOf(0x11), properties: { title: "good" }, vector: [0.5, 0.5] },
      { class: "", id: uuidOf(0x12), properties: { title: "no class" } },
      { class: "Doc", id: "not-a-uuid", properties: { title: "bad id" } },
      { class: "Doc", id: uuidOf(0x13), properties: { size: 1.5 } },
      { class: "Doc", id: uuidOf(0x14), properties: { title: "bad vector" }, vector: [1, 2, 3] },
      { class: "Nowhere", id: uuidOf(0x15), properties: { title: "unknown class" } },
      { class: "Doc", id: uuidOf(0x16), properties: { title: "good too" } },
      { class: "Doc", id: uuidOf(0x17), properties: "not an object" },
    ]);
    assert.deepEqual(
      results.map((item) => item.result.status),
      ["SUCCESS", "FAILED", "FAILED", "FAILED", "FAILED", "FAILED", "SUCCESS", "FAILED"],
    );
    const message = (i: number) => results[i]!.result.errors?.error[0]?.message ?? "";
    assert.equal(message(1), "object has an empty class");
    assert.match(message(2), /not-a-uuid/);
    assert.match(message(3), /requires an integer, the given value is '1.5'/);
    assert.match(message(4), /new node has a vector with length 3\. Existing nodes have vectors with length 2/);
    assert.equal(message(5), "class 'Nowhere' not present in schema");
    assert.match(message(7), /properties/);
    assert.equal(results[3]!.id, uuidOf(0x13), "a failed object is echoed back");
    for (const n of [0x11, 0x16]) assert.equal((await call(url, "GET", `/v1/objects/Doc/${uuidOf(n)}`)).status, 200);
    for (const n of [0x12, 0x13, 0x14, 0x17]) {
      assert.equal((await call(url, "GET", `/v1/objects/Doc/${uuidOf(n)}`)).status, 404);
    }
  });

  it("ignores keys models.Object does not have, as Weaviate does, and echoes a failure without them", async () => {
    const results = await batch([
      { class: "Doc", id: uuidOf(0x18), properties: { title: "extra" }, unknownField: true, fields: ["ALL"] },
      { class: "Doc", id: uuidOf(0x19), properties: { size: "x" }, unknownField: true },
    ]);
    assert.deepEqual(
      results.map((item) => item.result.status),
      ["SUCCESS", "FAILED"],
    );
    assert.equal((results[0] as unknown as Record<string, unknown>)["unknownField"], undefined);
    assert.equal((results[1] as unknown as Record<string, unknown>)["unknownField"], undefined);
    assert.equal(results[1]!.id, uuidOf(0x19));
    const stored = await getObject(url, "Doc", uuidOf(0x18));
    assert.deepEqual(stored.properties, { title: "extra" });
  });

  it("upserts: a second batch with the same id replaces the object and keeps creationTimeUnix", async () => {
    const id = uuidOf(0x20);
    const [first] = await batch([{ class: "Doc", id, properties: { title: "v1", size: 1 }, vector: [1, 2] }]);
    await nextMillisecond();
    const [second] = await batch([{ class: "Doc", id, properties: { title: "v2" }, vector: [2, 1] }]);
    assert.equal(second!.result.status, "SUCCESS");
    const stored = await getObject(url, "Doc", id);
    assert.deepEqual(stored.properties, { title: "v2" });
    assert.deepEqual(stored.vector, [2, 1]);
    assert.equal(stored.creationTimeUnix, first!.creationTimeUnix);
    assert.ok(stored.lastUpdateTimeUnix > first!.lastUpdateTimeUnix!);
  });

  it("keeps the last of two objects with the same id in one batch", async () => {
    const id = uuidOf(0x21);
    const results = await batch([
      { class: "Doc", id, properties: { title: "first" } },
      { class: "Doc", id, properties: { title: "last" } },
    ]);
    assert.ok(results.every((item) => item.result.status === "SUCCESS"));
    assert.deepEqual((await getObject(url, "Doc", id)).properties, { title: "last" });
  });

  it("refuses an empty or missing objects list with 422", async () => {
    for (const body of [{ objects: [] }, {}, { objects: "x" }]) {
      const reply = await call(url, "POST", "/v1/batch/objects", body);
      assert.equal(reply.status, 422, JSON.stringify(body));
    }
    const empty = await call(url, "POST", "/v1/batch/objects", { objects: [] });
    assert.equal(
      errorMessage(empty),
      "invalid param 'objects': cannot be empty, need at least one object for batching",
    );
  });
});

interface Product {
  id: string;
  name: string;
  size: number;
  tags: string[];
  note?: string;
}

const products: Product[] = [
  { id: uuidOf(0x101), name: "red apple", size: 1, tags: ["fruit", "red"], note: "fresh" },
  { id: uuidOf(0x102), name: "green apple", size: 2, tags: ["fruit", "green"] },
  { id: uuidOf(0x103), name: "banana", size: 3, tags: ["fruit", "yellow"], note: "ripe" },
  { id: uuidOf(0x104), name: "red pepper", size: 4, tags: ["vegetable", "red"] },
  { id: uuidOf(0x105), name: "carrot", size: 5, tags: ["vegetable"], note: "orange" },
  { id: uuidOf(0x106), name: "blueberry", size: 6, tags: ["fruit", "blue"] },
];

describe("DELETE /v1/batch/objects", () => {
  before(async () => {
    const schema = (className: string, nullState: boolean) => ({
      class: className,
      properties: [
        { name: "name", dataType: ["text"] },
        { name: "size", dataType: ["int"] },
        { name: "tags", dataType: ["text[]"] },
        { name: "note", dataType: ["text"] },
      ],
      invertedIndexConfig: { indexNullState: nullState },
    });
    await createClass(url, schema("Product", true));
    await createClass(url, schema("Plain", false));
    const objects = products.map(({ id, ...properties }) => ({ class: "Product", id, properties }));
    assert.ok((await batch(objects)).every((item) => item.result.status === "SUCCESS"));
  });

  async function dryRun(where: unknown): Promise<string[]> {
    const reply = await call<DeleteReply>(url, "DELETE", "/v1/batch/objects", {
      match: { class: "Product", where },
      dryRun: true,
      output: "verbose",
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const { results } = reply.body;
    assert.equal(results.successful, 0);
    assert.equal(results.failed, 0);
    const objects = results.objects ?? [];
    assert.equal(results.objects === null, results.matches === 0, "null exactly when nothing matched");
    assert.equal(results.matches, objects.length);
    assert.ok(objects.every((entry) => entry.status === "DRYRUN"));
    return objects.map((entry) => entry.id).sort();
  }

  const idsWhere = (test: (product: Product) => boolean) =>
    products.filter(test).map((product) => product.id).sort();

  it("matches with each operator in a dry run, deleting nothing", async () => {
    const cases: Array<[unknown, (product: Product) => boolean]> = [
      [{ path: ["name"], operator: "Equal", valueText: "apple" }, (p) => p.name.includes("apple")],
      [{ path: ["size"], operator: "NotEqual", valueInt: 3 }, (p) => p.size !== 3],
      [{ path: ["size"], operator: "GreaterThan", valueInt: 4 }, (p) => p.size > 4],
      [{ path: ["size"], operator: "LessThanEqual", valueInt: 2 }, (p) => p.size <= 2],
      [{ path: ["name"], operator: "Like", valueText: "*berry" }, (p) => p.name.endsWith("berry")],
      [{ path: ["tags"], operator: "ContainsAny", valueTextArray: ["red", "yellow"] }, (p) => p.tags.some((t) => t === "red" || t === "yellow")],
      [
        {
          operator: "And",
          operands: [
            { path: ["tags"], operator: "Equal", valueText: "fruit" },
            { path: ["size"], operator: "GreaterThan", valueInt: 1 },
          ],
        },
        (p) => p.tags.includes("fruit") && p.size > 1,
      ],
      [
        {
          operator: "Or",
          operands: [
            { path: ["size"], operator: "Equal", valueInt: 1 },
            { path: ["name"], operator: "Equal", valueText: "carrot" },
          ],
        },
        (p) => p.size === 1 || p.name === "carrot",
      ],
      [{ operator: "Not", operands: [{ path: ["tags"], operator: "Equal", valueText: "fruit" }] }, (p) => !p.tags.includes("fruit")],
      [{ path: ["note"], operator: "IsNull", valueBoolean: true }, (p) => p.note === undefined],
      [{ path: ["note"], operator: "IsNull", valueBoolean: false }, (p) => p.note !== undefined],
      [{ path: ["_id"], operator: "Equal", valueText: uuidOf(0x104) }, (p) => p.id === uuidOf(0x104)],
    ];
    for (const [where, test] of cases) {
      assert.deepEqual(await dryRun(where), idsWhere(test), JSON.stringify(where));
    }
    assert.equal(await countOf("Product"), products.length);
  });

  it("deletes the matches, listing only failures with output minimal", async () => {
    const reply = await call<DeleteReply>(url, "DELETE", "/v1/batch/objects", {
      match: { class: "Product", where: { path: ["size"], operator: "GreaterThanEqual", valueInt: 5 } },
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.output, "minimal");
    assert.equal(reply.body.dryRun, false);
    assert.equal(reply.body.match.class, "Product");
    // Nothing to list is null, as Weaviate encodes its empty slice (the v2 client's tests check it).
    assert.equal(reply.body.results.objects, null);
    assert.equal(reply.body.results.matches, 2);
    assert.equal(reply.body.results.successful, 2);
    assert.equal(reply.body.results.failed, 0);
    assert.equal(reply.body.results.limit, 10000);
    for (const n of [0x105, 0x106]) assert.equal((await call(url, "GET", `/v1/objects/Product/${uuidOf(n)}`)).status, 404);
    assert.equal(await countOf("Product"), products.length - 2);
  });

  it("echoes the where filter in models.WhereFilter's shape: operands and path always there", async () => {
    const where = {
      operator: "And",
      note: "dropped",
      operands: [
        { path: ["name"], operator: "Equal", valueString: "nothing-like-this" },
        { path: ["size"], operator: "GreaterThan", valueInt: 0, valueText: null },
      ],
    };
    const reply = await call<DeleteReply>(url, "DELETE", "/v1/batch/objects", {
      match: { class: "Product", where },
      dryRun: true,
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(reply.body.match, {
      class: "Product",
      where: {
        operands: [
          { operands: null, operator: "Equal", path: ["name"], valueString: "nothing-like-this" },
          { operands: null, operator: "GreaterThan", path: ["size"], valueInt: 0 },
        ],
        operator: "And",
        path: null,
      },
    });
  });

  it("lists every deleted object with output verbose", async () => {
    const reply = await call<DeleteReply>(url, "DELETE", "/v1/batch/objects", {
      match: { class: "Product", where: { path: ["name"], operator: "Equal", valueText: "pepper" } },
      output: "verbose",
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.results.objects, [{ id: uuidOf(0x104), status: "SUCCESS" }]);
    assert.equal((await call(url, "GET", `/v1/objects/Product/${uuidOf(0x104)}`)).status, 404);
  });

  it("answers a filter without matches with zero counts", async () => {
    const reply = await call<DeleteReply>(url, "DELETE", "/v1/batch/objects", {
      match: { class: "Product", where: { path: ["name"], operator: "Equal", valueText: "durian" } },
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.results, { matches: 0, limit: 10000, successful: 0, failed: 0, objects: null });
  });

  it("refuses malformed requests with 422", async () => {
    const where = { path: ["name"], operator: "Equal", valueText: "x" };
    const cases: Array<[unknown, RegExp]> = [
      [{}, /empty match clause/],
      [{ match: { where } }, /empty match\.class clause/],
      [{ match: { class: "Product" } }, /empty match\.where clause/],
      [{ match: { class: "Nowhere", where } }, /failed to get class: Nowhere/],
      [{ match: { class: "Product", where: { ...where, operator: "Bogus" } } }, /failed to parse where filter/],
      [{ match: { class: "Product", where: { ...where, path: ["colour"] } } }, /invalid where filter.*colour/],
      [{ match: { class: "Product", where: { path: ["size"], operator: "Equal", valueText: "1" } } }, /invalid where filter/],
      [{ match: { class: "Plain", where: { path: ["note"], operator: "IsNull", valueBoolean: true } } }, /indexNullState/],
    ];
    for (const [body, message] of cases) {
      const reply = await call(url, "DELETE", "/v1/batch/objects", body);
      assert.equal(reply.status, 422, JSON.stringify(body));
      assert.match(errorMessage(reply), message, JSON.stringify(body));
    }
    assert.equal(await countOf("Product"), products.length - 3, "nothing deleted");
  });
});

describe("DELETE /v1/batch/objects with a small QUERY_MAXIMUM_RESULTS", () => {
  it("deletes at most that many per call; repeating until matches is 0 deletes all", async () => {
    const small = await startTestServer({ QUERY_MAXIMUM_RESULTS: "5" });
    try {
      const objects = Array.from({ length: 12 }, (_, i) => ({ class: "Bulk", id: uuidOf(i + 1), properties: { n: i } }));
      assert.equal((await call(small.url, "POST", "/v1/batch/objects", { objects })).status, 200);
      const body = { match: { class: "Bulk", where: { path: ["n"], operator: "GreaterThanEqual", valueNumber: 0 } } };
      const counts: number[] = [];
      for (let calls = 0; calls < 10; calls++) {
        const reply = await call<DeleteReply>(small.url, "DELETE", "/v1/batch/objects", body);
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.equal(reply.body.results.limit, 5);
        assert.equal(reply.body.results.successful, reply.body.results.matches);
        counts.push(reply.body.results.matches);
        if (reply.body.results.matches === 0) break;
      }
      assert.deepEqual(counts, [5, 5, 2, 0]);
      const left = await call<ObjectList>(small.url, "GET", "/v1/objects?class=Bulk&limit=5");
      assert.deepEqual(left.body.objects, []);
    } finally {
      await small.dispose();
    }
  });
});
