/**
 * BatchObjects: each BatchObject becomes the object input the REST batch makes of a JSON
 * object (typed property lists and the `Struct` merged into one property map, references as
 * beacons, vectors unpacked), and the batch goes through the same use case; the reply lists the
 * objects that failed, by index, with their messages.
 */
import { type AppError, isAppError } from "../errors/index.ts";
import type { BatchItem, BatchOutcome, ObjectInput } from "../objects/index.ts";
import type { ObjectPropertiesValue } from "./generated/v1/base.ts";
import type { BatchObject, BatchObject_Properties, BatchObjectsReply, BatchObjectsRequest } from "./generated/v1/batch.ts";
import { namedVectors, unpackFloat32, unpackFloat64 } from "./vectors.ts";

/** What BatchObjects needs from the objects use case. */
export interface ObjectBatcher {
  batch(items: ReadonlyArray<BatchItem<ObjectInput>>): Promise<BatchOutcome[]>;
}

type PropertyMap = Record<string, unknown>;

/** A nested object's (or an object's) typed property lists, merged into one map. */
function typedProperties(value: ObjectPropertiesValue | BatchObject_Properties): PropertyMap {
  const out: PropertyMap = { ...(value.nonRefProperties ?? {}) };
  for (const list of value.numberArrayProperties) {
    out[list.propName] = list.valuesBytes.length > 0 ? unpackFloat64(list.valuesBytes) : list.values;
  }
  for (const list of [...value.intArrayProperties, ...value.textArrayProperties, ...value.booleanArrayProperties]) {
    out[list.propName] = list.values;
  }
  for (const nested of value.objectProperties) {
    out[nested.propName] = nested.value ? typedProperties(nested.value) : {};
  }
  for (const nested of value.objectArrayProperties) out[nested.propName] = nested.values.map(typedProperties);
  for (const name of value.emptyListProps) out[name] = [];
  return out;
}

function properties(object: BatchObject): PropertyMap {
  if (!object.properties) return {};
  const out = typedProperties(object.properties);
  // A single-target reference names no class: the property's one target is filled in on write.
  for (const ref of object.properties.singleTargetRefProps) {
    out[ref.propName] = ref.uuids.map((uuid) => ({ beacon: `weaviate://localhost/${uuid}` }));
  }
  for (const ref of object.properties.multiTargetRefProps) {
    const beacons = ref.uuids.map((uuid) => ({ beacon: `weaviate://localhost/${ref.targetCollection}/${uuid}` }));
    out[ref.propName] = [...((out[ref.propName] as unknown[] | undefined) ?? []), ...beacons];
  }
  return out;
}

/** One BatchObject as the objects use case's input; a fault in it fails that object alone. */
export function objectInputOf(object: BatchObject): BatchItem<ObjectInput> {
  try {
    const vector = object.vectorBytes.length > 0 ? unpackFloat32(object.vectorBytes) : object.vector;
    return {
      ok: {
        class: object.collection,
        ...(object.uuid !== "" ? { id: object.uuid } : {}),
        ...(object.tenant !== "" ? { tenant: object.tenant } : {}),
        properties: properties(object),
        ...(vector.length > 0 ? { vector } : {}),
        ...(object.vectors.length > 0 ? { vectors: namedVectors(object.vectors) } : {}),
      },
    };
  } catch (error) {
    if (isAppError(error)) return { invalid: error as AppError };
    throw error;
  }
}

export async function batchObjects(objects: ObjectBatcher, request: BatchObjectsRequest, started: number): Promise<BatchObjectsReply> {
  if (request.objects.length === 0) return { took: 0, errors: [] };
  const outcomes = await objects.batch(request.objects.map(objectInputOf));
  const errors = outcomes.flatMap((outcome, index) => ("error" in outcome ? [{ index, error: outcome.error.message }] : []));
  return { took: (performance.now() - started) / 1000, errors };
}
