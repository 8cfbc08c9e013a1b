/**
 * gRPC Search and Aggregate on the project's own codecs: what the official clients decode
 * without showing (value kinds by data type, packed lists, presence flags, float32 vector
 * bytes, typed group keys) and the statuses of bad requests.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ClientError, Status } from "nice-grpc";
import { unpackFloat32 } from "../../src/grpc/vectors.ts";
import { type GrpcClients, grpcClients } from "../helpers/grpc.ts";
import { call } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const FIRST = "00000000-0000-4000-8000-000000000001";
const SECOND = "00000000-0000-4000-8000-000000000002";

async function rejectsWith(promise: Promise<unknown>, code: Status, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ClientError, String(error));
    assert.equal(Status[error.code], Status[code], error.details);
    assert.match(error.details, pattern);
    return true;
  });
}

function int64sOf(bytes: Uint8Array): number[] {
  const view = Buffer.from(bytes);
  return Array.from({ length: view.length / 8 }, (_, i) => Number(view.readBigInt64LE(i * 8)));
}

function float64sOf(bytes: Uint8Array): number[] {
  const view = Buffer.from(bytes);
  return Array.from({ length: view.length / 8 }, (_, i) => view.readDoubleLE(i * 8));
}

/** A decoded message without its unset optional fields (the codec spells them `undefined`). */
const setFields = (message: unknown): unknown => JSON.parse(JSON.stringify(message));

let server: TestServer;
let grpc: GrpcClients;

before(async () => {
  server = await startTestServer();
  grpc = grpcClients(server.app.grpcPort);
  await call(server.url, "POST", "/v1/schema", {
    class: "Item",
    vectorizer: "none",
    properties: [
      { name: "label", dataType: ["text"] },
      { name: "count", dataType: ["int"] },
      { name: "weight", dataType: ["number"] },
      { name: "counts", dataType: ["int[]"] },
      { name: "weights", dataType: ["number[]"] },
      { name: "when", dataType: ["date"] },
      { name: "location", dataType: ["geoCoordinates"] },
    ],
  });
  await call(server.url, "POST", "/v1/batch/objects", {
    objects: [
      {
        class: "Item",
        id: FIRST,
        vector: [1, 0],
        properties: { label: "a", count: 3, weight: 3, counts: [1, 2], weights: [0.5, 2], when: "2024-05-01T00:00:00Z" },
      },
      { class: "Item", id: SECOND, vector: [0, 1], properties: { label: "b", count: 3, weight: 1.5 } },
    ],
  });
});

after(async () => {
  grpc.close();
  await server.dispose();
});

describe("gRPC Search replies", () => {
  test("values take the kind of their data type; lists are packed; vectors are float32 bytes", async () => {
    const reply = await grpc.weaviate.search({
      collection: "Item",
      filters: { operator: 1 /* EQUAL */, target: { property: "label" }, valueText: "a" },
      metadata: { uuid: true, vector: true, creationTimeUnix: true },
      properties: { nonRefProperties: ["count", "weight", "counts", "weights", "when"] },
    });
    assert.equal(reply.results.length, 1);
    const [result] = reply.results;
    const fields = result!.properties!.nonRefProps!.fields;
    assert.equal(fields["count"]!.intValue, 3, "an int property is int_value");
    assert.equal(fields["weight"]!.numberValue, 3, "a whole number in a number property stays number_value");
    assert.deepEqual(int64sOf(fields["counts"]!.listValue!.intValues!.values), [1, 2]);
    assert.deepEqual(float64sOf(fields["weights"]!.listValue!.numberValues!.values), [0.5, 2]);
    assert.equal(new Date(fields["when"]!.dateValue!).toISOString(), "2024-05-01T00:00:00.000Z");
    const metadata = result!.metadata!;
    assert.equal(metadata.id, FIRST);
    assert.deepEqual(unpackFloat32(metadata.vectorBytes), [1, 0]);
    assert.equal(metadata.creationTimeUnixPresent, true);
    assert.ok(metadata.creationTimeUnix > 0);
    assert.equal(metadata.distancePresent, false, "not asked for");
  });

  test("distance and certainty of a cosine nearVector, with presence flags", async () => {
    const reply = await grpc.weaviate.search({
      collection: "Item",
      nearVector: { vectorBytes: Buffer.from(new Float32Array([1, 0]).buffer) },
      metadata: { distance: true, certainty: true },
      limit: 1,
    });
    const metadata = reply.results[0]!.metadata!;
    assert.equal(metadata.id, FIRST);
    assert.equal(metadata.distancePresent, true);
    assert.ok(Math.abs(metadata.distance) < 1e-6);
    assert.equal(metadata.certaintyPresent, true);
    assert.ok(Math.abs(metadata.certainty - 1) < 1e-6);
  });

  test("bad requests are INVALID_ARGUMENT with Weaviate's messages", async () => {
    await rejectsWith(grpc.weaviate.search({ collection: "Nope" }), Status.INVALID_ARGUMENT, /could not find class Nope in schema/);
    await rejectsWith(
      grpc.weaviate.search({ collection: "Item", nearVector: { vector: [1, 0], distance: 0.1, certainty: 0.9 } }),
      Status.INVALID_ARGUMENT,
      /near_vector: cannot provide distance and certainty/,
    );
    await rejectsWith(
      grpc.weaviate.search({ collection: "Item", nearVector: { vector: [1, 0] }, sortBy: [{ path: ["count"], ascending: true }] }),
      Status.INVALID_ARGUMENT,
      /sorting cannot be combined with search/,
    );
    await rejectsWith(
      grpc.weaviate.search({ collection: "Item", nearObject: { id: "" } }),
      Status.INVALID_ARGUMENT,
      /near_object: id is required/,
    );
    await rejectsWith(
      grpc.weaviate.search({ collection: "Item", filters: { operator: 1, target: { property: "count" }, valueNumber: 2.5 } }),
      Status.INVALID_ARGUMENT,
      /filtering for integer, but received a floating point number 2.5/,
    );
    await rejectsWith(
      grpc.weaviate.search({ collection: "Item", limit: 10, offset: 10_000 }),
      Status.INVALID_ARGUMENT,
      /query maximum results exceeded/,
    );
  });
});

describe("gRPC Aggregate replies", () => {
  test("group keys are typed: numbers (ints too) as number, text as text", async () => {
    const byCount = await grpc.weaviate.aggregate({ collection: "Item", objectsCount: true, groupBy: { collection: "Item", property: "count" } });
    assert.deepEqual(
      byCount.groupedResults!.groups.map((group) => [setFields(group.groupedBy), group.objectsCount]),
      [[{ path: ["count"], number: 3 }, 2]],
    );
    const byLabel = await grpc.weaviate.aggregate({ collection: "Item", groupBy: { collection: "Item", property: "label" } });
    assert.deepEqual(
      byLabel.groupedResults!.groups.map((group) => setFields(group.groupedBy)),
      [
        { path: ["label"], text: "a" },
        { path: ["label"], text: "b" },
      ],
    );
  });

  test("an int aggregation carries only what was asked for, as int64 where Weaviate has it", async () => {
    const reply = await grpc.weaviate.aggregate({
      collection: "Item",
      objectsCount: true,
      aggregations: [{ property: "count", int: { sum: true, mean: true } }],
    });
    assert.equal(reply.singleResult!.objectsCount, 2);
    const [aggregation] = reply.singleResult!.aggregations!.aggregations;
    assert.deepEqual(setFields(aggregation), { property: "count", int: { type: "int", sum: 6, mean: 3 } });
  });

  test("bad requests are INVALID_ARGUMENT", async () => {
    await rejectsWith(grpc.weaviate.aggregate({ collection: "Nope" }), Status.INVALID_ARGUMENT, /could not find class Nope in schema/);
    await rejectsWith(
      grpc.weaviate.aggregate({ collection: "Item", aggregations: [{ property: "location", text: { count: true } }] }),
      Status.INVALID_ARGUMENT,
      /property 'location' of type geoCoordinates cannot be aggregated/,
    );
    await rejectsWith(
      grpc.weaviate.aggregate({ collection: "Item", objectLimit: 1 }),
      Status.INVALID_ARGUMENT,
      /objectLimit can only be used with a near<Media> or hybrid filter/,
    );
    await rejectsWith(
      grpc.weaviate.aggregate({ collection: "Item", nearObject: { id: FIRST, distance: 0.1, certainty: 0.9 } }),
      Status.INVALID_ARGUMENT,
      /near_object: cannot provide distance and certainty/,
    );
    await rejectsWith(
      grpc.weaviate.aggregate({ collection: "Item", hybrid: { query: "a", alpha: 2 } }),
      Status.INVALID_ARGUMENT,
      /alpha should be between 0.0 and 1.0/,
    );
  });
});
