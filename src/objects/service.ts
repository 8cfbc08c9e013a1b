/**
 * Object use cases behind /v1/objects: create, read, replace, merge, delete, validate and list.
 * Batches and references live beside this file and share its plumbing (collection lookup,
 * auto-schema, class lookup for legacy beacons).
 */
import { normalizeClassName } from "../collections/index.ts";
import type { Config } from "../config/index.ts";
import { type Collection, findProperty, isReferenceType, normalizeUuid, type StoredObject } from "../domain/index.ts";
import { notFoundSilent, unprocessable } from "../errors/index.ts";
import { newUuid } from "../lib/index.ts";
import { ensureCollectionFor } from "./autoschema.ts";
import type { BatchDeleteOutcome, BatchDeleteRequest, BatchItem, BatchOutcome, ObjectInput, ReferenceInput, ReferenceOutcome } from "./inputs.ts";
import { asInvalidObject, buildObject, type ClassLookup, parseId } from "./build.ts";
import { batchObjects } from "./batch.ts";
import { batchDelete } from "./batch-delete.ts";
import type { FilterMatcher } from "./ports.ts";
import { type ListQuery, listObjects } from "./list.ts";
import type { CollectionCatalog, ObjectShard, ShardLocator } from "./ports.ts";
import { addReference, batchReferences, deleteReference, replaceReferences } from "./reference-ops.ts";

export interface ObjectServiceDeps {
  config: Config;
  collections: CollectionCatalog;
  shards: ShardLocator;
  /** Where filters through the inverted index (and through references); without it, a scan. */
  matcher?: FilterMatcher;
}

export class ObjectService {
  readonly config: Config;
  readonly collections: CollectionCatalog;
  readonly matcher: FilterMatcher | undefined;
  private readonly shards: ShardLocator;

  constructor(deps: ObjectServiceDeps) {
    this.config = deps.config;
    this.collections = deps.collections;
    this.shards = deps.shards;
    this.matcher = deps.matcher;
  }

  /** The shard a request on (collection, tenant) reads or writes, after the tenant checks. */
  shardOf(collection: Collection, tenant: string | undefined, intent: "read" | "write"): Promise<ObjectShard> {
    return this.shards.shardFor(collection, tenant, intent);
  }

  /**
   * Looks up the class of objects addressed by legacy class-less beacons. Only ordinary
   * collections: a beacon without a class cannot say which tenant it means.
   */
  readonly classLookup: ClassLookup = Object.assign(async (ids: string[]) => this.lookupClasses(ids), {
    isMultiTenant: (className: string) => this.collections.get(className)?.multiTenancyConfig.enabled === true,
  });

  private async lookupClasses(ids: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const collection of this.collections.list()) {
      if (collection.multiTenancyConfig.enabled) continue;
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length === 0) break;
      const objects = await (await this.shardOf(collection, undefined, "read")).getMany(missing);
      objects.forEach((object, i) => {
        if (object) found.set(missing[i]!, collection.class);
      });
    }
    return found;
  }

  /** The collection a write names, created or extended by auto-schema when enabled. */
  async collectionForWrite(
    className: string | undefined,
    propertySets: Array<Record<string, unknown>>,
  ): Promise<Collection> {
    if (className === undefined || className === "") {
      throw unprocessable("invalid object: the given class is empty");
    }
    const name = normalizeClassName(className);
    if (!this.config.autoschema.enabled) {
      const collection = this.collections.get(name);
      if (!collection) throw unprocessable(`invalid object: class "${name}" not found in schema`);
      return collection;
    }
    return ensureCollectionFor(
      this.collections,
      name,
      propertySets,
      this.config.autoschema,
      this.classLookup,
    );
  }

  /** The collection a read or an update addresses; 404 without a body when it is unknown. */
  existingCollection(className: string): Collection {
    const collection = this.collections.get(className);
    if (!collection) throw notFoundSilent("class");
    return collection;
  }

  /** POST /v1/objects */
  async create(body: ObjectInput): Promise<StoredObject> {
    const collection = await this.collectionForWrite(body.class, [body.properties ?? {}]);
    const id = parseId(body.id, newUuid);
    const shard = await this.shardOf(collection, body.tenant, "write");
    if (body.id !== undefined && (await shard.get(id))) {
      throw unprocessable(`id '${id}' already exists`);
    }
    const object = await asInvalidObject(() =>
      buildObject(collection, body, { id, now: Date.now() }, this.classLookup),
    );
    await shard.put([object]);
    return object;
  }

  /** POST /v1/objects/validate: the checks of a create, without writing. */
  async validate(body: ObjectInput): Promise<void> {
    if (!body.class) throw unprocessable("invalid object: the given class is empty");
    const collection = this.collections.get(body.class);
    if (!collection) {
      throw unprocessable(`invalid object: class "${normalizeClassName(body.class)}" not found in schema`);
    }
    const id = parseId(body.id, newUuid);
    await asInvalidObject(() => buildObject(collection, body, { id, now: Date.now() }, this.classLookup));
  }

  /**
   * Finds an object by id, in one class or (legacy paths) in any ordinary class; `tenant` as the
   * request's `tenant` parameter.
   */
  async find(className: string | undefined, rawId: string, tenant?: string): Promise<StoredObject | undefined> {
    const id = normalizeUuid(rawId);
    if (!id) return undefined;
    if (className !== undefined) {
      const collection = this.collections.get(className);
      return collection ? (await this.shardOf(collection, tenant, "read")).get(id) : undefined;
    }
    for (const collection of this.collections.list()) {
      if (collection.multiTenancyConfig.enabled) continue;
      const object = await (await this.shardOf(collection, tenant, "read")).get(id);
      if (object) return object;
    }
    return undefined;
  }

  /** GET /v1/objects/{class}/{id}; 404 without a body when absent. */
  async get(className: string | undefined, rawId: string, tenant?: string): Promise<StoredObject> {
    const object = await this.find(className, rawId, tenant);
    if (!object) throw notFoundSilent("object");
    return object;
  }

  /** PUT: replaces properties and vectors, keeps creationTimeUnix. */
  async replace(className: string | undefined, rawId: string, body: ObjectInput, tenant?: string): Promise<StoredObject> {
    const inTenant = checkSameTenant(body.tenant, tenant);
    const current = await this.get(className ?? body.class, rawId, inTenant);
    if (body.id !== undefined && normalizeUuid(body.id) !== current.id) {
      throw unprocessable("invalid update: field 'id' is immutable");
    }
    if (body.class !== undefined && normalizeClassName(body.class) !== current.className) {
      throw unprocessable("invalid update: field 'class' is immutable");
    }
    const collection = await this.collectionForWrite(current.className, [body.properties ?? {}]);
    const object = await asInvalidObject(() =>
      buildObject(
        collection,
        { ...body, ...(inTenant ? { tenant: inTenant } : {}) },
        { id: current.id, now: Date.now(), creationTimeUnix: current.creationTimeUnix },
        this.classLookup,
      ),
    );
    await (await this.shardOf(collection, inTenant, "write")).put([object], { keepCreationTime: true });
    return object;
  }

  /** PATCH: merges properties (null deletes, references append), replaces vectors if given. */
  async merge(className: string | undefined, rawId: string, body: ObjectInput, tenant?: string): Promise<void> {
    const inTenant = checkSameTenant(body.tenant, tenant);
    const found = await this.get(className ?? body.class, rawId, inTenant);
    if (body.id !== undefined && normalizeUuid(body.id) !== found.id) {
      throw unprocessable("invalid update: field 'id' is immutable");
    }
    const patch = body.properties ?? {};
    const collection = await this.collectionForWrite(found.className, [patch]);
    const vectorsGiven = body.vector !== undefined || body.vectors !== undefined;
    const shard = await this.shardOf(collection, inTenant, "write");
    const merged = await shard.modify(found.id, async (current) => {
      if (!current) return undefined;
      const properties = mergeProperties(collection, current.properties, patch);
      return buildObject(
        collection,
        { ...body, properties, ...(inTenant ? { tenant: inTenant } : {}) },
        {
          id: current.id,
          now: Date.now(),
          creationTimeUnix: current.creationTimeUnix,
          ...(vectorsGiven ? {} : { keepVectors: current.vectors }),
        },
        this.classLookup,
      );
    });
    if (!merged) throw notFoundSilent("object");
  }

  /** GET /v1/objects */
  list(query: ListQuery): Promise<StoredObject[]> {
    return listObjects(this, query);
  }

  /** POST /v1/batch/objects: an upsert, one outcome per item in input order. */
  batch(items: ReadonlyArray<BatchItem<ObjectInput>>): Promise<BatchOutcome[]> {
    return batchObjects(this, items);
  }

  /** DELETE /v1/batch/objects */
  batchDelete(request: BatchDeleteRequest, tenant?: string): Promise<BatchDeleteOutcome> {
    return batchDelete(this, request, tenant);
  }

  /** POST /v1/batch/references: one outcome per reference in input order. */
  batchReferences(items: ReadonlyArray<BatchItem<ReferenceInput>>): Promise<ReferenceOutcome[]> {
    return batchReferences(this, items);
  }

  /** POST /v1/objects/{class}/{id}/references/{property}: appends the reference `beacon`. */
  addReference(className: string | undefined, id: string, property: string, beacon: string, tenant?: string) {
    return addReference(this, className, id, property, beacon, tenant);
  }

  /** PUT /v1/objects/{class}/{id}/references/{property}: the property's references become `beacons`. */
  replaceReferences(className: string | undefined, id: string, property: string, beacons: string[], tenant?: string) {
    return replaceReferences(this, className, id, property, beacons, tenant);
  }

  /** DELETE /v1/objects/{class}/{id}/references/{property}: removes the references to `beacon`'s target. */
  deleteReference(className: string | undefined, id: string, property: string, beacon: string, tenant?: string) {
    return deleteReference(this, className, id, property, beacon, tenant);
  }

  /** DELETE one object; 404 without a body when absent. */
  async delete(className: string | undefined, rawId: string, tenant?: string): Promise<void> {
    const object = await this.get(className, rawId, tenant);
    const collection = this.existingCollection(object.className);
    await (await this.shardOf(collection, tenant, "write")).delete([object.id]);
  }
}

/** The body's `tenant` and the `tenant` parameter must agree when both are given. */
function checkSameTenant(inBody: string | undefined, inQuery: string | undefined): string | undefined {
  const body = inBody === "" ? undefined : inBody;
  const query = inQuery === "" ? undefined : inQuery;
  if (body !== undefined && query !== undefined && body !== query) {
    throw unprocessable(`tenant mismatch, expected ${query} but got ${body}`);
  }
  return body ?? query;
}

/** RFC 7396-style merge with Weaviate's twist: reference lists are appended, not replaced. */
function mergeProperties(
  collection: Collection,
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    const property = findProperty(collection.properties, key);
    const name = property?.name ?? key;
    if (value === null) {
      delete merged[name];
      continue;
    }
    const existing = merged[name];
    const isReference = property !== undefined && isReferenceType(property.dataType);
    merged[name] = isReference && Array.isArray(existing) && Array.isArray(value) ? [...existing, ...value] : value;
  }
  return merged;
}
