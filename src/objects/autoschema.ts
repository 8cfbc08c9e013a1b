/**
 * Auto-schema on the write path: before objects are validated, the collection they name is
 * created and properties they carry but the collection lacks are added, with types inferred
 * from the values (reference §9). Runs only when AUTOSCHEMA_ENABLED is not false.
 */
import {
  autoSchemaDescription,
  autoSchemaProperty,
  type InferOptions,
  inferDataType,
  normalizePropertyName,
} from "../collections/index.ts";
import { type Collection, findProperty, isNestedObjectType, type Property } from "../domain/index.ts";
import type { ClassLookup } from "./build.ts";
import type { CollectionCatalog } from "./ports.ts";


/** Infers a property for every key of every object (first value wins), resolving beacons. */
async function inferProperties(
  propertySets: Array<Record<string, unknown>>,
  options: InferOptions,
  lookup: ClassLookup,
  skip: (name: string) => boolean,
): Promise<Property[]> {
  const inferred = new Map<string, Property>();
  const now = new Date();
  for (const properties of propertySets) {
    for (const [key, value] of Object.entries(properties)) {
      const name = normalizePropertyName(key);
      // A null still creates the property (as text), as Weaviate's auto-schema does.
      if (value === undefined || skip(name) || inferred.has(name.toLowerCase())) {
        continue;
      }
      const type = inferDataType(value, { ...options, now });
      if (type.kind === "type") {
        inferred.set(name.toLowerCase(), autoSchemaProperty(name, type, now));
        continue;
      }
      const classes = new Set(type.classNames);
      if (type.unresolvedIds.length > 0) {
        for (const className of (await lookup(type.unresolvedIds)).values()) classes.add(className);
      }
      // Beacons to objects we cannot find give no class to infer; the write then reports them.
      if (classes.size === 0) continue;
      inferred.set(name.toLowerCase(), autoSchemaProperty(name, { dataType: [...classes] }, now));
    }
  }
  return [...inferred.values()];
}

/**
 * Makes sure `className` exists and has every property the objects carry; returns the
 * collection as it is afterwards.
 */
export async function ensureCollectionFor(
  catalog: CollectionCatalog,
  className: string,
  propertySets: Array<Record<string, unknown>>,
  options: InferOptions,
  lookup: ClassLookup,
): Promise<Collection> {
  const existing = catalog.get(className);
  // Known properties are skipped, except objects: new keys inside them become nested properties.
  const known = (name: string) => {
    const property = existing ? findProperty(existing.properties, name) : undefined;
    return property !== undefined && !isNestedObjectType(property.dataType[0] ?? "");
  };
  const properties = await inferProperties(propertySets, options, lookup, known);
  if (existing && properties.length === 0) return existing;
  return catalog.ensure(className, () => ({ description: autoSchemaDescription(), properties }));
}
