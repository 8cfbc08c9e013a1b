/**
 * Turns an object input into the StoredObject to write: id, properties checked against the
 * collection, references completed with their target class, vectors checked and keyed by
 * vector space, timestamps set.
 */
import {
  type Collection,
  LEGACY_VECTOR,
  normalizeUuid,
  type StoredObject,
  type VectorMap,
  vectorSpacesOf,
} from "../domain/index.ts";
import { isAppError, unprocessable } from "../errors/index.ts";
import type { ObjectInput } from "./inputs.ts";
import {
  resolveReferenceClasses,
  unresolvedReferenceIds,
  type ValidatedProperties,
  validateProperties,
  validateVector,
  validateVectors,
} from "./validate.ts";

/**
 * Finds the class of objects addressed by class-less (legacy) beacons; `isMultiTenant` tells
 * which target classes an ordinary class may not reference.
 */
export interface ClassLookup {
  (ids: string[]): Promise<Map<string, string>>;
  isMultiTenant?(className: string): boolean;
}

export function parseId(raw: string | undefined, generate: () => string): string {
  if (raw === undefined || raw === "") return generate();
  const id = normalizeUuid(raw);
  if (!id) throw unprocessable(`invalid object: id '${raw}' is not a valid uuid`);
  return id;
}

/** Keys the body's `vector` / `vectors` by vector space, rejecting spaces the collection lacks. */
export function vectorsFromBody(collection: Collection, body: ObjectInput): VectorMap {
  const spaces = vectorSpacesOf(collection);
  const names = new Set(spaces.map((space) => space.name));
  const vectors: VectorMap = {};
  if (body.vector !== undefined && body.vector !== null) {
    const vector = validateVector(body.vector, "vector");
    if (vector.length > 0) {
      if (names.has(LEGACY_VECTOR)) vectors[LEGACY_VECTOR] = vector;
      else if (spaces.length === 1) vectors[spaces[0]!.name] = vector;
      else {
        throw unprocessable(
          `collection ${collection.class} has named vectors: send them in 'vectors' by name`,
        );
      }
    }
  }
  if (body.vectors !== undefined && body.vectors !== null) {
    for (const [name, vector] of Object.entries(validateVectors(body.vectors))) {
      if (!names.has(name)) {
        throw unprocessable(`collection ${collection.class} has no vector named '${name}'`);
      }
      vectors[name] = vector;
    }
  }
  return vectors;
}

/** Validates properties and resolves class-less beacons through `lookup`. */
export async function validatedProperties(
  collection: Collection,
  properties: unknown,
  lookup: ClassLookup,
): Promise<ValidatedProperties> {
  let validated = validateProperties(collection, properties);
  const unresolved = unresolvedReferenceIds(validated);
  if (unresolved.length > 0) {
    const classes = await lookup(unresolved);
    validated = resolveReferenceClasses(validated, collection, (id) => classes.get(id));
  }
  if (!collection.multiTenancyConfig.enabled && lookup.isMultiTenant) {
    // A beacon names no tenant: only a tenant's own objects can point into a multi-tenant class
    // (the same tenant's). From a tenant's object, ordinary classes are fine.
    for (const { targets } of validated.references) {
      const target = targets.find((t) => t.className !== undefined && lookup.isMultiTenant?.(t.className));
      if (target) {
        throw unprocessable(
          `multi-tenant class ${target.className} cannot be referenced from ${collection.class}, which is not multi-tenant`,
        );
      }
    }
  }
  return validated;
}

const INVALID_OBJECT = "invalid object: ";

/**
 * Runs the validation of a single-object write (POST, PUT, validate) and reports its faults the
 * way Weaviate does there, as `invalid object: <detail>`. Batches keep the bare detail, as
 * Weaviate's batch results do.
 */
export async function asInvalidObject<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) && error.code === "UNPROCESSABLE" && !error.message.startsWith(INVALID_OBJECT)) {
      throw unprocessable(INVALID_OBJECT + error.message);
    }
    throw error;
  }
}

export interface BuildOptions {
  id: string;
  now: number;
  /** Kept from the object being replaced; `now` for new objects. */
  creationTimeUnix?: number;
  /** Vectors to keep when the body carries none (PATCH). */
  keepVectors?: VectorMap;
}

export async function buildObject(
  collection: Collection,
  body: ObjectInput,
  options: BuildOptions,
  lookup: ClassLookup,
): Promise<StoredObject> {
  // The tenant itself was checked when its shard was looked up (tenants.shardFor).
  const { values } = await validatedProperties(collection, body.properties, lookup);
  return {
    id: options.id,
    className: collection.class,
    ...(collection.multiTenancyConfig.enabled && body.tenant ? { tenant: body.tenant } : {}),
    properties: values,
    vectors: options.keepVectors ?? vectorsFromBody(collection, body),
    creationTimeUnix: options.creationTimeUnix ?? options.now,
    lastUpdateTimeUnix: options.now,
  };
}
