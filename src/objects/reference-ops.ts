/**
 * Reference endpoints: add, replace and delete the references of one object property, and
 * POST /v1/batch/references. Each change is a read-modify-write under the shard's write lock,
 * validated by the same rules as object writes.
 */
import { normalizeClassName } from "../collections/index.ts";
import {
  type Collection,
  findProperty,
  isReferenceType,
  normalizeUuid,
  parseBeacon,
  parseSourceBeacon,
  type Property,
  type StoredObject,
} from "../domain/index.ts";
import { isAppError, notFoundSilent, unprocessable } from "../errors/index.ts";
import { validatedProperties } from "./build.ts";
import type { ObjectService } from "./service.ts";

type Beacon = { beacon: string };

function referenceProperty(collection: Collection, name: string): Property {
  const property = findProperty(collection.properties, name);
  if (!property) {
    throw unprocessable(
      `no such prop with name '${name}' found in class '${collection.class}' in the schema. Check your schema files for which properties in this class are available`,
    );
  }
  if (!isReferenceType(property.dataType)) {
    throw unprocessable(`property '${property.name}' of class '${collection.class}' is not a reference property`);
  }
  return property;
}

function beaconOf(value: unknown): Beacon {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw unprocessable("invalid reference: body must be an object with a 'beacon'");
  }
  const beacon = (value as { beacon?: unknown }).beacon;
  const parsed = parseBeacon(beacon);
  if (typeof parsed === "string") throw unprocessable(`invalid reference: ${parsed}`);
  return { beacon: beacon as string };
}

function currentReferences(object: StoredObject, property: Property): Beacon[] {
  const value = object.properties[property.name];
  return Array.isArray(value) ? (value as Beacon[]) : [];
}

/**
 * Applies `change` to the reference list of `property` on one object and stores the result.
 * 404 (no body) when the object does not exist.
 */
async function changeReferences(
  service: ObjectService,
  className: string | undefined,
  rawId: string,
  propertyName: string,
  tenant: string | undefined,
  change: (current: Beacon[]) => Beacon[],
): Promise<void> {
  if (className !== undefined) {
    // The tenant checks come first, as Weaviate's: a missing tenant is a 422, not a 404.
    const named = service.collections.get(className);
    if (named) await service.shardOf(named, tenant, "write");
  }
  const found = await service.find(className, rawId, tenant);
  if (!found) throw notFoundSilent("object");
  const collection = service.existingCollection(found.className);
  const property = referenceProperty(collection, propertyName);
  const shard = await service.shardOf(collection, tenant, "write");
  const updated = await shard.modify(found.id, async (current) => {
    if (!current) return undefined;
    const next = change(currentReferences(current, property));
    const { values } = await validatedProperties(collection, { [property.name]: next }, service.classLookup);
    return {
      ...current,
      properties: { ...current.properties, [property.name]: values[property.name] ?? [] },
      lastUpdateTimeUnix: Date.now(),
    };
  });
  if (!updated) throw notFoundSilent("object");
}

export function addReference(
  service: ObjectService,
  className: string | undefined,
  id: string,
  property: string,
  body: unknown,
  tenant?: string,
): Promise<void> {
  const reference = beaconOf(body);
  return changeReferences(service, className, id, property, tenant, (current) => [...current, reference]);
}

export function replaceReferences(
  service: ObjectService,
  className: string | undefined,
  id: string,
  property: string,
  body: unknown,
  tenant?: string,
): Promise<void> {
  if (!Array.isArray(body)) throw unprocessable("invalid references: body must be an array of {beacon}");
  const references = body.map(beaconOf);
  return changeReferences(service, className, id, property, tenant, () => references);
}

export function deleteReference(
  service: ObjectService,
  className: string | undefined,
  id: string,
  property: string,
  body: unknown,
  tenant?: string,
): Promise<void> {
  const target = parseBeacon(beaconOf(body).beacon);
  if (typeof target === "string") throw unprocessable(target);
  const matches = (reference: Beacon) => {
    const parsed = parseBeacon(reference.beacon);
    if (typeof parsed === "string" || parsed.id !== target.id) return false;
    return target.className === undefined || parsed.className === target.className;
  };
  return changeReferences(service, className, id, property, tenant, (current) =>
    current.filter((reference) => !matches(reference)),
  );
}

export interface BatchReferenceResult {
  from: unknown;
  to: unknown;
  result: { status: "SUCCESS" } | { status: "FAILED"; errors: { error: Array<{ message: string }> } };
}

/** POST /v1/batch/references: one result per reference, failures do not fail the batch. */
export async function batchReferences(service: ObjectService, input: unknown): Promise<BatchReferenceResult[]> {
  if (!Array.isArray(input)) throw unprocessable("invalid body: expected an array of references");
  if (input.length === 0) {
    throw unprocessable("length cannot be 0, need at least one reference for batching");
  }
  const results: BatchReferenceResult[] = [];
  // One write per source object and property keeps a large batch to few synced writes.
  const groups = new Map<string, { className: string; id: string; property: string; tenant?: string; items: number[] }>();
  input.forEach((item, index) => {
    const { from, to, tenant } = (item ?? {}) as { from?: unknown; to?: unknown; tenant?: unknown };
    results.push({ from, to, result: { status: "SUCCESS" } });
    const source = parseSourceBeacon(from);
    const target = parseBeacon(to);
    const problem = typeof source === "string" ? source : typeof target === "string" ? target : undefined;
    if (problem !== undefined || typeof source === "string") {
      fail(results[index]!, problem ?? "invalid reference");
      return;
    }
    const key = `${normalizeClassName(source.className)}/${source.id}/${source.property}/${String(tenant ?? "")}`;
    const group = groups.get(key) ?? {
      className: source.className,
      id: normalizeUuid(source.id) ?? source.id,
      property: source.property,
      ...(typeof tenant === "string" ? { tenant } : {}),
      items: [],
    };
    group.items.push(index);
    groups.set(key, group);
  });
  for (const group of groups.values()) {
    const valid = await validTargets(service, group, results);
    if (valid.length === 0) continue;
    const references = valid.map((index) => ({ beacon: results[index]!.to as string }));
    try {
      await changeReferences(service, group.className, group.id, group.property, group.tenant, (current) => [
        ...current,
        ...references,
      ]);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const message = error.code === "NOT_FOUND_SILENT" ? `source object ${group.className}/${group.id} not found` : error.message;
      for (const index of valid) fail(results[index]!, message);
    }
  }
  return results;
}

/**
 * Checks each target of a group on its own, so one target of a class the property does not allow
 * fails only its own entry and not its siblings that share the source. Returns the indexes still
 * to write; faults of the source itself are left to changeReferences, which fails the group.
 */
async function validTargets(
  service: ObjectService,
  group: { className: string; property: string; items: number[] },
  results: BatchReferenceResult[],
): Promise<number[]> {
  const collection = service.collections.get(group.className);
  const property = collection ? findProperty(collection.properties, group.property) : undefined;
  if (!collection || !property || !isReferenceType(property.dataType)) return group.items;
  const valid: number[] = [];
  for (const index of group.items) {
    const value = { [property.name]: [{ beacon: results[index]!.to }] };
    try {
      await validatedProperties(collection, value, service.classLookup);
      valid.push(index);
    } catch (error) {
      if (!isAppError(error)) throw error;
      fail(results[index]!, error.message);
    }
  }
  return valid;
}

function fail(result: BatchReferenceResult, message: string): void {
  result.result = { status: "FAILED", errors: { error: [{ message }] } };
}
