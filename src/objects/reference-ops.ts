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
import { type AppError, isAppError, notFoundSilent, unprocessable } from "../errors/index.ts";
import { validatedProperties } from "./build.ts";
import type { BatchItem, ReferenceInput, ReferenceOutcome } from "./inputs.ts";
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

function beaconOf(beacon: string): Beacon {
  const parsed = parseBeacon(beacon);
  if (typeof parsed === "string") throw unprocessable(`invalid reference: ${parsed}`);
  return { beacon };
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
  beacon: string,
  tenant?: string,
): Promise<void> {
  const reference = beaconOf(beacon);
  return changeReferences(service, className, id, property, tenant, (current) => [...current, reference]);
}

export function replaceReferences(
  service: ObjectService,
  className: string | undefined,
  id: string,
  property: string,
  beacons: readonly string[],
  tenant?: string,
): Promise<void> {
  const references = beacons.map(beaconOf);
  return changeReferences(service, className, id, property, tenant, () => references);
}

export function deleteReference(
  service: ObjectService,
  className: string | undefined,
  id: string,
  property: string,
  beacon: string,
  tenant?: string,
): Promise<void> {
  const target = parseBeacon(beaconOf(beacon).beacon);
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

/** POST /v1/batch/references: one outcome per reference, failures do not fail the batch. */
export async function batchReferences(
  service: ObjectService,
  items: ReadonlyArray<BatchItem<ReferenceInput>>,
): Promise<ReferenceOutcome[]> {
  if (items.length === 0) {
    throw unprocessable("length cannot be 0, need at least one reference for batching");
  }
  const outcomes: ReferenceOutcome[] = items.map(() => ({ ok: true }));
  const fail = (index: number, error: AppError) => {
    outcomes[index] = { error };
  };
  // One write per source object and property keeps a large batch to few synced writes.
  const groups = new Map<string, ReferenceGroup>();
  for (const [index, item] of items.entries()) {
    if ("invalid" in item) {
      fail(index, item.invalid);
      continue;
    }
    const { from, to, tenant } = item.ok;
    const source = parseSourceBeacon(from);
    const target = parseBeacon(to);
    if (typeof source === "string" || typeof target === "string") {
      fail(index, unprocessable(typeof source === "string" ? source : (target as string)));
      continue;
    }
    const key = `${normalizeClassName(source.className)}/${source.id}/${source.property}/${tenant ?? ""}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        className: source.className,
        id: normalizeUuid(source.id) ?? source.id,
        property: source.property,
        ...(tenant !== undefined ? { tenant } : {}),
        items: [],
      };
      groups.set(key, group);
    }
    group.items.push({ index, to });
  }
  for (const group of groups.values()) {
    const valid = await validTargets(service, group, fail);
    if (valid.length === 0) continue;
    const references = valid.map(({ to }) => ({ beacon: to }));
    try {
      await changeReferences(service, group.className, group.id, group.property, group.tenant, (current) => [
        ...current,
        ...references,
      ]);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const failure =
        error.code === "NOT_FOUND_SILENT" ? unprocessable(`source object ${group.className}/${group.id} not found`) : error;
      for (const { index } of valid) fail(index, failure);
    }
  }
  return outcomes;
}

interface ReferenceGroup {
  className: string;
  id: string;
  property: string;
  tenant?: string;
  items: Array<{ index: number; to: string }>;
}

/**
 * Checks each target of a group on its own, so one target of a class the property does not allow
 * fails only its own entry and not its siblings that share the source. Returns the entries still
 * to write; faults of the source itself are left to changeReferences, which fails the group.
 */
async function validTargets(
  service: ObjectService,
  group: ReferenceGroup,
  fail: (index: number, error: AppError) => void,
): Promise<ReferenceGroup["items"]> {
  const collection = service.collections.get(group.className);
  const property = collection ? findProperty(collection.properties, group.property) : undefined;
  if (!collection || !property || !isReferenceType(property.dataType)) return group.items;
  const valid: ReferenceGroup["items"] = [];
  for (const item of group.items) {
    try {
      await validatedProperties(collection, { [property.name]: [{ beacon: item.to }] }, service.classLookup);
      valid.push(item);
    } catch (error) {
      if (!isAppError(error)) throw error;
      fail(item.index, error);
    }
  }
  return valid;
}
