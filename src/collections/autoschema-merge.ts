/**
 * How auto-schema extends an existing collection: properties it lacks are added, and object /
 * object[] properties gain the nested properties they lack (Weaviate merges nested properties
 * the same way, so objects with new keys inside a known object property can be written). An
 * existing property is never changed otherwise; a type conflict is left for object validation
 * to report. Every addition passes the same rules as POST /v1/schema/{c}/properties, because
 * inferred names come straight from object keys and may be invalid or reserved.
 */
import type { Property } from "../domain/index.ts";
import { isNestedObjectType } from "../domain/index.ts";
import { nestedWithDefaults, propertyWithDefaults } from "./defaults.ts";
import { type ReferenceTargets, validateNestedProperties, validatePropertyInput } from "./properties.ts";

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function isObjectProperty(property: Property): boolean {
  return property.dataType.length === 1 && isNestedObjectType(property.dataType[0]!);
}

function sameType(a: Property, b: Property): boolean {
  return a.dataType.length === b.dataType.length && a.dataType.every((type, i) => type === b.dataType[i]);
}

/**
 * `existing` nested properties of the property at dotted `path` with `wanted` merged in, or
 * undefined when nothing is missing.
 */
function mergeNested(existing: readonly Property[], wanted: readonly Property[], path: string): Property[] | undefined {
  let changed = false;
  const out = [...existing];
  for (const addition of wanted) {
    const index = out.findIndex((property) => sameName(property.name, addition.name));
    if (index === -1) {
      validateNestedProperties([addition], path);
      out.push(nestedWithDefaults(addition));
      changed = true;
      continue;
    }
    const merged = mergeObject(out[index]!, addition, `${path}.${out[index]!.name}`);
    if (merged) {
      out[index] = merged;
      changed = true;
    }
  }
  return changed ? out : undefined;
}

/** An object property with the nested properties of `wanted` it lacked, or undefined. */
function mergeObject(current: Property, wanted: Property, path: string): Property | undefined {
  if (!isObjectProperty(current) || !sameType(current, wanted) || !wanted.nestedProperties) return undefined;
  const nested = mergeNested(current.nestedProperties ?? [], wanted.nestedProperties, path);
  return nested ? { ...current, nestedProperties: nested } : undefined;
}

/**
 * The properties of a collection after auto-schema asked for `wanted` (inferred, not yet
 * defaulted), or undefined when the collection already has everything. `targets` are the
 * classes a reference may point to. Throws 422 when an addition breaks a naming or type rule.
 */
export function mergeAutoSchemaProperties(
  existing: readonly Property[],
  wanted: readonly Property[],
  targets: ReferenceTargets,
): Property[] | undefined {
  let changed = false;
  const out = [...existing];
  for (const addition of wanted) {
    const index = out.findIndex((property) => sameName(property.name, addition.name));
    if (index === -1) {
      out.push(propertyWithDefaults(validatePropertyInput(addition, targets)));
      changed = true;
      continue;
    }
    const merged = mergeObject(out[index]!, addition, out[index]!.name);
    if (merged) {
      out[index] = merged;
      changed = true;
    }
  }
  return changed ? out : undefined;
}
