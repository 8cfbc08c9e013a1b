/**
 * Cross-reference property values on write: an array of `{beacon}` objects. Beacons are parsed and
 * checked against the property's target classes here; class-less (legacy) beacons on
 * multi-target properties need a lookup by uuid, which the caller does and hands back through
 * resolveReferenceClasses.
 */
import type { Property } from "../domain/index.ts";
import { formatBeacon, parseBeacon } from "../domain/index.ts";
import { fault, goType, goValue, isRecord } from "./go-format.ts";

/** One reference target; `className` is missing only for a legacy beacon the caller must resolve. */
export interface ReferenceTarget {
  /** The beacon to store: `weaviate://localhost/<Class>/<uuid>`, or the legacy form while unresolved. */
  beacon: string;
  className?: string;
  id: string;
}

/** The targets given for one reference property, under the schema's spelling of its name. */
export interface PropertyReferences {
  property: string;
  targets: ReferenceTarget[];
}

// Keys a client may echo back from a read; they carry nothing we store.
const ignoredKeys = new Set(["href", "classification"]);

/** The schema spelling of `className` among the property's targets, or a fault. */
export function allowedTargetClass(property: Property, className: string, ownerClass: string): string {
  const lower = className.toLowerCase();
  const match = property.dataType.find((target) => target.toLowerCase() === lower);
  if (!match) {
    fault(
      `target class '${className}' not allowed for property '${property.name}' on class '${ownerClass}', ` +
        `allowed: ${property.dataType.join(", ")}`,
    );
  }
  return match;
}

function singleTarget(property: Property, raw: Record<string, unknown>, ownerClass: string): ReferenceTarget {
  const keys = Object.keys(raw).filter((key) => !ignoredKeys.has(key));
  if (keys.length !== 1) {
    fault(
      "only direct references supported at the moment, concept references not supported yet: " +
        `class '${ownerClass}' with property '${property.name}' requires exactly 1 arguments: 'beacon'. ` +
        `Check your input schema, got: ${goValue(raw)}`,
    );
  }
  if (!("beacon" in raw)) {
    fault(
      "only direct references supported at the moment, concept references not supported yet: " +
        `class '${ownerClass}' with property '${property.name}' requires exactly 1 argument: 'beacon' ` +
        "is missing, check your input schema",
    );
  }
  const beacon = raw["beacon"];
  if (typeof beacon !== "string") fault(`beacon property is not a string: ${goType(beacon)}`);
  const parsed = parseBeacon(beacon);
  if (typeof parsed === "string") fault(`invalid reference: ${parsed}`);
  // Weaviate rewrites a class-less beacon on a single-target property to name that target.
  const single = property.dataType.length === 1 ? property.dataType[0] : undefined;
  const className = parsed.className ? allowedTargetClass(property, parsed.className, ownerClass) : single;
  if (className === undefined) return { beacon: `weaviate://localhost/${parsed.id}`, id: parsed.id };
  return { beacon: formatBeacon(className, parsed.id), className, id: parsed.id };
}

/** Validates a reference property value; returns its targets in the order given. */
export function referenceTargets(property: Property, value: unknown, ownerClass: string): ReferenceTarget[] {
  if (isRecord(value)) fault(`reference must be an array, but got a map: ${goValue(value)}`);
  if (!Array.isArray(value)) fault(`invalid ref type. Needs to be []map, got ${goType(value)}`);
  return value.map((element) => {
    if (!isRecord(element)) {
      fault(
        `Multiple references in ${ownerClass}.${property.name} should be a list of maps, ` +
          `but we got: ${goType(element)}`,
      );
    }
    return singleTarget(property, element, ownerClass);
  });
}
