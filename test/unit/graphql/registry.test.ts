/**
 * SchemaRegistry: builds lazily, keeps the same schema object while the collections' generation
 * stays, rebuilds once when it moves, and has no schema while there is no collection.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Collection } from "../../../src/domain/index.ts";
import { type CollectionSnapshot, SchemaRegistry } from "../../../src/graphql/index.ts";
import { article, author, tenanted } from "./fixtures.ts";

/** A fake CollectionService: a generation counter and a list, counting list() calls. */
class FakeCollections implements CollectionSnapshot {
  generation = 0;
  listCalls = 0;
  constructor(public items: Collection[]) {}
  list(): Collection[] {
    this.listCalls += 1;
    return [...this.items];
  }
  set(items: Collection[]): void {
    this.items = items;
    this.generation += 1;
  }
}

describe("SchemaRegistry", () => {
  test("no collections → a schema without Get / Aggregate (backups and tenants still work) and an empty map", () => {
    const registry = new SchemaRegistry(new FakeCollections([]));
    const current = registry.current();
    const fields = Object.keys(current.schema.getQueryType()!.getFields()).sort();
    assert.deepEqual(fields, ["Explore", "backup", "backups", "restoreStatus", "tenants"]);
    assert.equal(current.collections.size, 0);
    assert.equal(current.generation, 0);
  });

  test("builds lazily, on the first current()", () => {
    const collections = new FakeCollections([article, author]);
    const registry = new SchemaRegistry(collections);
    assert.equal(collections.listCalls, 0);
    registry.current();
    assert.equal(collections.listCalls, 1);
  });

  test("the same generation returns the same schema object without re-reading", () => {
    const collections = new FakeCollections([article, author]);
    const registry = new SchemaRegistry(collections);
    const first = registry.current();
    const second = registry.current();
    assert.ok(first.schema);
    assert.equal(second, first);
    assert.equal(second.schema, first.schema);
    assert.equal(collections.listCalls, 1);
  });

  test("a new generation rebuilds once", () => {
    const collections = new FakeCollections([article, author]);
    const registry = new SchemaRegistry(collections);
    const before = registry.current().schema;
    collections.set([article, author, tenanted]);
    const after = registry.current();
    assert.notEqual(after.schema, before);
    assert.equal(after.generation, 1);
    assert.ok(after.schema?.getType("Tenanted"));
    assert.equal(before?.getType("Tenanted"), undefined);
    assert.equal(registry.current().schema, after.schema);
    assert.equal(collections.listCalls, 2);
  });

  test("the generation alone decides: a changed list under the same generation is not seen", () => {
    const collections = new FakeCollections([author]);
    const registry = new SchemaRegistry(collections);
    const before = registry.current().schema;
    // Mutate without bumping the generation (never done by CollectionService).
    collections.items = [author, tenanted];
    assert.equal(registry.current().schema, before);
  });

  test("deleting the last collection drops Get and Aggregate", () => {
    const collections = new FakeCollections([author]);
    const registry = new SchemaRegistry(collections);
    assert.ok(registry.current().schema.getQueryType()!.getFields()["Get"]);
    collections.set([]);
    assert.equal(registry.current().schema.getQueryType()!.getFields()["Get"], undefined);
  });

  test("collections are keyed by lower-cased class name; Get fields come out sorted", () => {
    const registry = new SchemaRegistry(new FakeCollections([tenanted, author, article]));
    const current = registry.current();
    assert.deepEqual([...current.collections.keys()], ["article", "author", "tenanted"]);
    assert.equal(current.collections.get("article"), article);
    const get = current.schema?.getQueryType()?.getFields()["Get"];
    const getType = get?.type as { getFields(): Record<string, unknown> } | undefined;
    assert.deepEqual(Object.keys(getType?.getFields() ?? {}), ["Article", "Author", "Tenanted"]);
  });
});
