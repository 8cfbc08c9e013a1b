/**
 * Grouping a batch (POST /v1/batch/objects) by collection and tenant: input order kept inside
 * each group, bad items set aside with their error, and large batches handled (50,000 items;
 * the time it takes is a bench figure, `npm run bench:batch`, not asserted here).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseBatchObjects } from "../../../src/http/bodies/batch.ts";
import { byTenant, groupBatch as groupItems } from "../../../src/objects/batch.ts";

/** The batch as the REST route hands it to the use case: parsed per item, then grouped. */
const groupBatch = (objects: unknown[]) => groupItems(parseBatchObjects({ objects }).items);

describe("groupBatch", () => {
  it("groups by normalised class name in input order and sets bad items aside", () => {
    const { failed, byClass } = groupBatch([
      { class: "Doc", properties: { n: 0 } },
      { class: "note", properties: { n: 1 } },
      { properties: { n: 2 } },
      { class: "doc", properties: { n: 3 } },
      "not an object",
      { class: "Note", properties: { n: 5 } },
    ]);
    assert.deepEqual([...byClass.keys()], ["Doc", "Note"]);
    assert.deepEqual(byClass.get("Doc")!.map((item) => item.index), [0, 3]);
    assert.deepEqual(byClass.get("Note")!.map((item) => item.index), [1, 5]);
    assert.match(failed.get(2)?.message ?? "", /empty class/);
    assert.ok(failed.get(4));
    assert.equal(failed.size, 2);
  });

  it("splits one collection's items by tenant, keeping their order", () => {
    const { byClass } = groupBatch([
      { class: "Doc", tenant: "a" },
      { class: "Doc" },
      { class: "Doc", tenant: "b" },
      { class: "Doc", tenant: "a" },
    ]);
    const tenants = byTenant(byClass.get("Doc")!);
    assert.deepEqual(
      [...tenants].map(([tenant, items]) => [tenant, items.map((item) => item.index)]),
      [
        ["a", [0, 3]],
        ["", [1]],
        ["b", [2]],
      ],
    );
  });

  it("groups 50,000 items across two classes and three tenants without losing one", () => {
    const objects = Array.from({ length: 50_000 }, (_, i) => ({
      class: i % 2 === 0 ? "Even" : "Odd",
      tenant: `t${i % 3}`,
      properties: { i },
    }));
    const { failed, byClass } = groupBatch(objects);
    assert.equal(failed.size, 0);
    assert.equal(byClass.get("Even")!.length, 25_000);
    assert.equal(byClass.get("Odd")!.length, 25_000);
    const tenants = byTenant(byClass.get("Even")!);
    assert.deepEqual([...tenants.keys()], ["t0", "t2", "t1"]);
    assert.equal([...tenants.values()].reduce((sum, items) => sum + items.length, 0), 25_000);
    const indexes = tenants.get("t0")!.map((item) => item.index);
    assert.ok(indexes.every((index, i) => i === 0 || index > indexes[i - 1]!), "input order kept");
  });
});
