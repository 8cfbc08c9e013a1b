/**
 * The fields Weaviate's models know for a class, a property and a nested property. Go's JSON
 * decoding drops every other key without a word, and the official clients rely on that: v2
 * sends a property's `cardinality`, v3 spreads options such as `vectorizers` into the class
 * body. So a definition's unknown keys are removed before validation (and reported, so a typo
 * can still be found in the debug log); wrong types and bad values of known keys stay a 422.
 */
import { isPlainObject, type JsonObject } from "./json.ts";

/** Told which keys of a request body were dropped, and where (`properties[0]`, ...). */
export type IgnoredKeys = (where: string, keys: string[]) => void;

/** The top-level fields of a class definition (Weaviate's models.Class). */
export const collectionFields: ReadonlySet<string> = new Set([
  "class",
  "description",
  "properties",
  "vectorizer",
  "vectorIndexType",
  "vectorIndexConfig",
  "vectorConfig",
  "moduleConfig",
  "invertedIndexConfig",
  "multiTenancyConfig",
  "replicationConfig",
  "shardingConfig",
  "objectTtlConfig",
]);

/** The fields of a property (Weaviate's models.Property, plus two newer read-only ones). */
export const propertyFields: ReadonlySet<string> = new Set([
  "name",
  "dataType",
  "description",
  "tokenization",
  "indexFilterable",
  "indexSearchable",
  "indexRangeFilters",
  "indexInverted",
  "moduleConfig",
  "nestedProperties",
  "disableDuplicatedReferences",
  "textAnalyzer",
  // Newer servers return these; accepting them keeps a GET → PUT round trip working.
  "bucketGeneration",
  "searchableBlockmax",
]);

/** The fields of a nested property (models.NestedProperty): a property's, less these. */
const propertyOnlyFields = new Set([
  "indexInverted",
  "moduleConfig",
  "disableDuplicatedReferences",
  "bucketGeneration",
  "searchableBlockmax",
]);
const nestedPropertyFields: ReadonlySet<string> = new Set(
  [...propertyFields].filter((field) => !propertyOnlyFields.has(field)),
);

function knownOnly(raw: JsonObject, known: ReadonlySet<string>, where: string, ignored?: IgnoredKeys): JsonObject {
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  if (unknown.length === 0) return raw;
  ignored?.(where, unknown);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) if (known.has(key)) out[key] = value;
  return out;
}

/** `nestedProperties` with unknown keys removed at every depth; anything not a list stays as sent. */
function cleanNested(value: unknown, where: string, ignored?: IgnoredKeys): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item, i) => {
    if (!isPlainObject(item)) return item;
    const path = `${where}.nestedProperties[${i}]`;
    const clean = knownOnly(item, nestedPropertyFields, path, ignored);
    return "nestedProperties" in clean
      ? { ...clean, nestedProperties: cleanNested(clean["nestedProperties"], path, ignored) }
      : clean;
  });
}

/** A property body without the keys models.Property does not have (nested ones included). */
export function knownPropertyKeys(raw: unknown, ignored?: IgnoredKeys, where = "property"): unknown {
  if (!isPlainObject(raw)) return raw;
  const clean = knownOnly(raw, propertyFields, where, ignored);
  return "nestedProperties" in clean
    ? { ...clean, nestedProperties: cleanNested(clean["nestedProperties"], where, ignored) }
    : clean;
}

/** A class body without the keys models.Class does not have, its properties cleaned alike. */
export function knownCollectionKeys(raw: unknown, ignored?: IgnoredKeys): unknown {
  if (!isPlainObject(raw)) return raw;
  const clean = knownOnly(raw, collectionFields, "class", ignored);
  const properties = clean["properties"];
  if (!Array.isArray(properties)) return clean;
  return {
    ...clean,
    properties: properties.map((property, i) => knownPropertyKeys(property, ignored, `properties[${i}]`)),
  };
}
