/**
 * The gRPC batch methods on the project's own codecs: BatchObjects (typed property lists, the
 * Struct, nested objects, packed and named vectors, references, tenants; a bad object fails
 * alone, by index), BatchReferences and BatchDelete (filters, dry run, verbose ids as bytes),
 * each read back over REST.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ClientError, Status } from "nice-grpc";
import { Filters_Operator } from "../../src/grpc/generated/v1/base.ts";
import type { BatchObject } from "../../src/grpc/generated/v1/batch.ts";
import { packFloat32 } from "../../src/grpc/vectors.ts";
import { type GrpcClients, grpcClients } from "../helpers/grpc.ts";
import { call } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const AUTHOR = "00000000-0000-4000-8000-000000000001";
const BOOK = "00000000-0000-4000-8000-000000000002";
const SECOND = "00000000-0000-4000-8000-000000000003";

function float64Bytes(values: number[]): Buffer {
  const buffer = Buffer.alloc(values.length * 8);
  for (const [index, value] of values.entries()) buffer.writeDoubleLE(value, index * 8);
  return buffer;
}

/** A BatchObject with every list the message has, empty unless given. */
function batchObject(fields: Partial<BatchObject> & Pick<BatchObject, "collection">): BatchObject {
  return { uuid: "", vector: [], tenant: "", vectorBytes: Buffer.alloc(0), vectors: [], ...fields };
}

function emptyProperties() {
  return {
    singleTargetRefProps: [],
    multiTargetRefProps: [],
    numberArrayProperties: [],
    intArrayProperties: [],
    textArrayProperties: [],
    booleanArrayProperties: [],
    objectProperties: [],
    objectArrayProperties: [],
    emptyListProps: [],
  };
}

async function rejectsWith(promise: Promise<unknown>, code: Status, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ClientError, String(error));
    assert.equal(Status[error.code], Status[code], error.details);
    assert.match(error.details, pattern);
    return true;
  });
}

interface RestObject {
  properties: Record<string, unknown>;
  vector?: number[];
}

let server: TestServer;
let grpc: GrpcClients;

before(async () => {
  server = await startTestServer();
  grpc = grpcClients(server.app.grpcPort);
  await call(server.url, "POST", "/v1/schema", { class: "Author", vectorizer: "none", properties: [{ name: "name", dataType: ["text"] }] });
  await call(server.url, "POST", "/v1/schema", {
    class: "Book",
    vectorizer: "none",
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "pages", dataType: ["int"] },
      { name: "price", dataType: ["number"] },
      { name: "published", dataType: ["date"] },
      { name: "tags", dataType: ["text[]"] },
      { name: "counts", dataType: ["int[]"] },
      { name: "scores", dataType: ["number[]"] },
      { name: "flags", dataType: ["boolean[]"] },
      { name: "meta", dataType: ["object"], nestedProperties: [{ name: "isbn", dataType: ["text"] }, { name: "ratings", dataType: ["number[]"] }] },
      { name: "writtenBy", dataType: ["Author"] },
    ],
  });
  await call(server.url, "POST", "/v1/schema", { class: "Note", vectorizer: "none", multiTenancyConfig: { enabled: true } });
  await call(server.url, "POST", "/v1/schema/Note/tenants", [{ name: "alice" }]);
});

after(async () => {
  grpc.close();
  await server.dispose();
});

describe("gRPC BatchObjects", () => {
  test("typed property lists, the Struct, nested objects, vectors and references are stored as REST would", async () => {
    const reply = await grpc.weaviate.batchObjects({
      objects: [
        batchObject({ collection: "Author", uuid: AUTHOR, vector: [0, 1], properties: { ...emptyProperties(), nonRefProperties: { name: "Ann" } } }),
        batchObject({
          collection: "Book",
          uuid: BOOK,
          vectorBytes: packFloat32([0.5, 0.25]),
          properties: {
            ...emptyProperties(),
            nonRefProperties: { title: "Dune", pages: 412, price: 9.5, published: "1965-08-01T00:00:00Z" },
            textArrayProperties: [{ propName: "tags", values: ["sf", "classic"] }],
            intArrayProperties: [{ propName: "counts", values: [1, 2, 3] }],
            numberArrayProperties: [{ propName: "scores", values: [], valuesBytes: float64Bytes([1.5, 2.25]) }],
            booleanArrayProperties: [{ propName: "flags", values: [true, false] }],
            objectProperties: [
              {
                propName: "meta",
                value: {
                  nonRefProperties: { isbn: "978-0441013593" },
                  numberArrayProperties: [{ propName: "ratings", values: [4, 5], valuesBytes: Buffer.alloc(0) }],
                  intArrayProperties: [],
                  textArrayProperties: [],
                  booleanArrayProperties: [],
                  objectProperties: [],
                  objectArrayProperties: [],
                  emptyListProps: [],
                },
              },
            ],
            singleTargetRefProps: [{ propName: "writtenBy", uuids: [AUTHOR] }],
          },
        }),
      ],
    });
    assert.deepEqual(reply.errors, []);
    const book = await call<RestObject>(server.url, "GET", `/v1/objects/Book/${BOOK}?include=vector`);
    assert.equal(book.status, 200);
    assert.deepEqual(book.body.properties, {
      title: "Dune",
      pages: 412,
      price: 9.5,
      published: "1965-08-01T00:00:00Z",
      tags: ["sf", "classic"],
      counts: [1, 2, 3],
      scores: [1.5, 2.25],
      flags: [true, false],
      meta: { isbn: "978-0441013593", ratings: [4, 5] },
      writtenBy: [{ beacon: `weaviate://localhost/Author/${AUTHOR}`, href: `/v1/objects/Author/${AUTHOR}` }],
    });
    assert.deepEqual(book.body.vector, [0.5, 0.25]);
    assert.deepEqual((await call<RestObject>(server.url, "GET", `/v1/objects/Author/${AUTHOR}?include=vector`)).body.vector, [0, 1]);
  });

  test("a bad object fails alone, by index, with the REST batch's message; the rest are stored", async () => {
    const reply = await grpc.weaviate.batchObjects({
      objects: [
        batchObject({ collection: "Book", properties: { ...emptyProperties(), nonRefProperties: { pages: 3.5 } } }),
        batchObject({ collection: "Book", uuid: SECOND, properties: { ...emptyProperties(), nonRefProperties: { title: "ok" } } }),
        batchObject({ collection: "Book", vectorBytes: Buffer.alloc(5) }),
        batchObject({ collection: "Note", properties: { ...emptyProperties(), nonRefProperties: { text: "no tenant" } } }),
      ],
    });
    assert.deepEqual(
      reply.errors.map((error) => error.index),
      [0, 2, 3],
    );
    assert.match(reply.errors[0]!.error, /invalid integer property 'pages' on class 'Book'/);
    assert.match(reply.errors[1]!.error, /5 bytes is not a whole number of float32 values/);
    assert.match(reply.errors[2]!.error, /has multi-tenancy enabled, but request was without tenant/);
    assert.equal((await call(server.url, "GET", `/v1/objects/Book/${SECOND}`)).status, 200);
    assert.deepEqual(await grpc.weaviate.batchObjects({ objects: [] }), { took: 0, errors: [] });
  });

  test("objects of a tenant go to that tenant's shard", async () => {
    const reply = await grpc.weaviate.batchObjects({
      objects: [batchObject({ collection: "Note", tenant: "alice", properties: { ...emptyProperties(), nonRefProperties: { text: "hi" } } })],
    });
    assert.deepEqual(reply.errors, []);
    const listed = await call<{ objects: RestObject[] }>(server.url, "GET", "/v1/objects?class=Note&tenant=alice");
    assert.deepEqual(listed.body.objects.map((object) => object.properties), [{ text: "hi" }]);
  });
});

describe("gRPC BatchReferences and BatchDelete", () => {
  test("BatchReferences adds references; a broken one fails alone, by index", async () => {
    const reply = await grpc.weaviate.batchReferences({
      references: [
        { name: "writtenBy", fromCollection: "Book", fromUuid: SECOND, toCollection: "Author", toUuid: AUTHOR, tenant: "" },
        { name: "nope", fromCollection: "Book", fromUuid: SECOND, toUuid: AUTHOR, tenant: "" },
      ],
    });
    assert.deepEqual(reply.errors.map((error) => error.index), [1]);
    assert.match(reply.errors[0]!.error, /nope/);
    const book = await call<RestObject>(server.url, "GET", `/v1/objects/Book/${SECOND}`);
    assert.deepEqual(book.body.properties.writtenBy, [{ beacon: `weaviate://localhost/Author/${AUTHOR}`, href: `/v1/objects/Author/${AUTHOR}` }]);
  });

  test("BatchDelete: a dry run counts (nothing successful, as REST), a verbose run lists ids as 16 bytes, and the objects are gone", async () => {
    const filters = {
      operator: Filters_Operator.OPERATOR_LESS_THAN,
      valueText: "2000-01-01T00:00:00Z",
      filters: [],
      on: [],
      target: { property: "published" },
    };
    const dry = await grpc.weaviate.batchDelete({ collection: "Book", filters, verbose: false, dryRun: true });
    assert.deepEqual({ matches: dry.matches, successful: dry.successful, failed: dry.failed, objects: dry.objects }, {
      matches: 1,
      successful: 0,
      failed: 0,
      objects: [],
    });
    const done = await grpc.weaviate.batchDelete({ collection: "Book", filters, verbose: true, dryRun: false });
    assert.deepEqual(
      done.objects.map(({ uuid, successful, error }) => ({ uuid, successful, error })),
      [{ uuid: Buffer.from(BOOK.replaceAll("-", ""), "hex"), successful: true, error: undefined }],
    );
    assert.equal((await call(server.url, "GET", `/v1/objects/Book/${BOOK}`)).status, 404);
    assert.equal((await call(server.url, "GET", `/v1/objects/Book/${SECOND}`)).status, 200);
  });

  test("BatchDelete refuses a missing filter or a bad one as INVALID_ARGUMENT", async () => {
    await rejectsWith(grpc.weaviate.batchDelete({ collection: "Book", verbose: false, dryRun: true }), Status.INVALID_ARGUMENT, /empty match.where clause/);
    await rejectsWith(
      grpc.weaviate.batchDelete({
        collection: "Book",
        verbose: false,
        dryRun: true,
        filters: { operator: Filters_Operator.OPERATOR_EQUAL, valueInt: 3, filters: [], on: [], target: { property: "missing" } },
      }),
      Status.INVALID_ARGUMENT,
      /missing/,
    );
    await rejectsWith(
      grpc.weaviate.batchDelete({
        collection: "Nope",
        verbose: false,
        dryRun: true,
        filters: { operator: Filters_Operator.OPERATOR_EQUAL, valueInt: 3, filters: [], on: [], target: { property: "pages" } },
      }),
      Status.INVALID_ARGUMENT,
      /failed to get class: Nope/,
    );
  });
});
