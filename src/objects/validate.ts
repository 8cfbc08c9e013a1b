/**
 * Object property validation against a collection's schema. Pure: it never looks anything up, so
 * class-less beacons on multi-target reference properties come back unresolved and the caller
 * completes them with resolveReferenceClasses after its own lookup.
 *
 * Messages are Weaviate's detail texts (`invalid text property 'title' on class 'Article': not a
 * string, but json.Number`); the REST layer adds its own `invalid object: ` style prefix if it wants one.
 */
import type { Collection, Property } from "../domain/index.ts";
import { findProperty, formatBeacon, isNestedObjectType, isReferenceType } from "../domain/index.ts";
import { normalizePropertyName } from "../collections/index.ts";
import { unprocessable } from "../errors/index.ts";
import { fault, goType, goValue, isRecord, ValueFault } from "./go-format.ts";
import { primitiveRules } from "./primitives.ts";
import type { PropertyReferences, ReferenceTarget } from "./references.ts";
import { allowedTargetClass, referenceTargets } from "./references.ts";

export type { PhoneNumberValue } from "./phone.ts";
export type { PropertyReferences, ReferenceTarget } from "./references.ts";
export { VECTOR_NAME_PATTERN, validateVector, validateVectors } from "./vectors.ts";

/**
 * The outcome of validateProperties. `values` is what to store, keyed by the schema's property
 * names, with references written as `[{beacon}]`; `references` lists every reference property's
 * targets (also the empty ones, so a PUT can clear them).
 */
export interface ValidatedProperties {
  values: Record<string, unknown>;
  references: PropertyReferences[];
}


function primitive(dataType: string, name: string, className: string, value: unknown): unknown {
  const rule = primitiveRules[dataType];
  if (!rule) fault(`unrecognized data type '${dataType}'`);
  try {
    return rule.check(value);
  } catch (error) {
    if (error instanceof ValueFault) {
      fault(`invalid ${rule.label} property '${name}' on class '${className}': ${error.message}`);
    }
    throw error;
  }
}

function nestedObject(value: unknown, prefix: string, className: string, nested: readonly Property[]) {
  if (!isRecord(value)) fault(`object must be a map, but got: ${goType(value)}`);
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = `${prefix}.${key}`;
    // Nested names are matched exactly, as Weaviate does; only top-level keys are case-folded.
    const property = nested.find((candidate) => candidate.name === key);
    if (!property) fault(`unknown property '${name}'`);
    if (inner === null || inner === undefined) continue;
    try {
      result[key] = propertyValue(property, name, className, inner);
    } catch (error) {
      if (error instanceof ValueFault) fault(`property '${name}': ${error.message}`);
      throw error;
    }
  }
  return result;
}

function nestedValue(property: Property, name: string, className: string, value: unknown): unknown {
  const dataType = property.dataType[0];
  const nested = property.nestedProperties ?? [];
  try {
    if (dataType === "object") return nestedObject(value, name, className, nested);
    if (!Array.isArray(value)) fault(`not an object array, but ${goType(value)}`);
    return value.map((element, i) => {
      try {
        return nestedObject(element, name, className, nested);
      } catch (error) {
        if (error instanceof ValueFault) fault(`invalid object '${i}' in array: ${error.message}`);
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof ValueFault) {
      fault(`invalid ${dataType} property '${name}' on class '${className}': ${error.message}`);
    }
    throw error;
  }
}

function propertyValue(property: Property, name: string, className: string, value: unknown): unknown {
  const dataType = property.dataType[0] ?? "";
  if (isNestedObjectType(dataType)) return nestedValue(property, name, className, value);
  return primitive(dataType, name, className, value);
}

function noSuchProperty(name: string, className: string): never {
  fault(
    `no such prop with name '${name}' found in class '${className}' in the schema. ` +
      "Check your schema files for which properties in this class are available",
  );
}

function referenceValue(property: Property, className: string, value: unknown): ReferenceTarget[] {
  try {
    return referenceTargets(property, value, className);
  } catch (error) {
    if (error instanceof ValueFault) fault(`invalid cref: ${error.message}`);
    throw error;
  }
}

/**
 * Validates incoming object properties against `collection`. Keys are matched to schema
 * properties case-insensitively (after lower-casing the first letter, as Weaviate does) and stored
 * under the schema's spelling; null values are dropped; unknown keys are an error (auto-schema has
 * run before this). Throws `unprocessable` with Weaviate's message on the first fault.
 */
export function validateProperties(collection: Collection, properties: unknown): ValidatedProperties {
  const result: ValidatedProperties = { values: {}, references: [] };
  if (properties === undefined || properties === null) return result;
  try {
    if (!isRecord(properties)) fault(`could not recognize object's properties: ${goValue(properties)}`);
    for (const [key, value] of Object.entries(properties)) {
      if (value === null || value === undefined) continue;
      const name = normalizePropertyName(key);
      const property = findProperty(collection.properties, name) ?? noSuchProperty(name, collection.class);
      if (isReferenceType(property.dataType)) {
        const targets = referenceValue(property, collection.class, value);
        result.values[property.name] = targets.map((target) => ({ beacon: target.beacon }));
        result.references = result.references.filter((entry) => entry.property !== property.name);
        result.references.push({ property: property.name, targets });
      } else {
        result.values[property.name] = propertyValue(property, property.name, collection.class, value);
      }
    }
  } catch (error) {
    if (error instanceof ValueFault) throw unprocessable(error.message);
    throw error;
  }
  return result;
}

/** The ids of targets whose class the caller still has to look up (legacy class-less beacons). */
export function unresolvedReferenceIds(validated: ValidatedProperties): string[] {
  const ids = new Set<string>();
  for (const entry of validated.references) {
    for (const target of entry.targets) if (target.className === undefined) ids.add(target.id);
  }
  return [...ids];
}

/**
 * Completes class-less targets with the class `classOf(id)` reports, checks that class against the
 * property's targets and rewrites the stored beacons. Returns a new ValidatedProperties; throws
 * `unprocessable` when a class is unknown or not allowed.
 */
export function resolveReferenceClasses(
  validated: ValidatedProperties,
  collection: Collection,
  classOf: (id: string) => string | undefined,
): ValidatedProperties {
  const values = { ...validated.values };
  try {
    const references = validated.references.map((entry) => {
      const property =
        findProperty(collection.properties, entry.property) ?? noSuchProperty(entry.property, collection.class);
      const targets = entry.targets.map((target) => {
        if (target.className !== undefined) return target;
        const found = classOf(target.id);
        if (found === undefined) {
          fault(`invalid cref: no object with id '${target.id}' found for beacon '${target.beacon}'`);
        }
        try {
          const className = allowedTargetClass(property, found, collection.class);
          return { beacon: formatBeacon(className, target.id), className, id: target.id };
        } catch (error) {
          if (error instanceof ValueFault) fault(`invalid cref: ${error.message}`);
          throw error;
        }
      });
      values[entry.property] = targets.map((target) => ({ beacon: target.beacon }));
      return { property: entry.property, targets };
    });
    return { values, references };
  } catch (error) {
    if (error instanceof ValueFault) throw unprocessable(error.message);
    throw error;
  }
}
