/**
 * Checks a parsed Filter against a collection's schema: every path names a property (through
 * reference properties for longer paths), and each value type fits the property type. Faults are
 * reported with Weaviate's `invalid where filter: ` prefix.
 */
import {
  type Collection,
  type ComparisonFilter,
  type ComparisonOperator,
  type Filter,
  type FilterValueType,
  findProperty,
  isReferenceType,
  type Property,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";

/** Looks up another collection by class name (for reference paths). */
export type ResolveCollection = (className: string) => Collection | undefined;

export interface FilterValidationOptions {
  /** Needed to check the part of a reference path beyond the first hop; without it that part is skipped. */
  getCollection?: ResolveCollection;
  /**
   * Also reject filters the collection's index settings cannot serve in Weaviate
   * (`indexFilterable`, `indexNullState`, `indexPropertyLength`, `indexTimestamps`). Default true.
   */
  checkIndexes?: boolean;
}

class FilterFault extends Error {}

function fail(message: string): never {
  throw new FilterFault(message);
}

const internalIdProps = new Set(["_id", "id"]);
const timestampProps = new Set(["_creationTimeUnix", "_lastUpdateTimeUnix"]);
const orderingOperators: readonly ComparisonOperator[] = [
  "Equal",
  "NotEqual",
  "GreaterThan",
  "GreaterThanEqual",
  "LessThan",
  "LessThanEqual",
];

/** The REST field name for a value type, as Weaviate's messages name it. */
export function valueFieldName(type: string): string {
  return `value${type[0]!.toUpperCase()}${type.slice(1)}`;
}

/** The value type a (non-reference) property type is filtered with, or undefined when not filterable. */
function valueTypeFor(dataType: string): FilterValueType | undefined {
  const base = dataType.endsWith("[]") ? dataType.slice(0, -2) : dataType;
  switch (base) {
    case "text":
    case "string":
    case "uuid":
      return "text";
    case "int":
    case "number":
    case "boolean":
    case "date":
      return base;
    case "geoCoordinates":
      return "geoRange";
    default:
      return undefined;
  }
}

/** Splits `len(prop)` into `prop`; undefined for any other segment. */
export function lengthTarget(segment: string): string | undefined {
  const match = /^len\((.+)\)$/.exec(segment);
  return match?.[1];
}

function invertedConfig(collection: Collection, key: string): boolean {
  return collection.invertedIndexConfig?.[key] === true;
}

function lookupProperty(collection: Collection, name: string): Property {
  const property = findProperty(collection.properties, name);
  if (!property) {
    fail(
      `no such prop with name '${name}' found in class '${collection.class}' in the schema. ` +
        "Check your schema files for which properties in this class are available",
    );
  }
  return property;
}

function checkInternal(clause: ComparisonFilter, name: string, collection: Collection, indexes: boolean) {
  if (internalIdProps.has(name)) {
    if (clause.valueType !== "text") {
      fail(`using ["${name}"] to filter by uuid: must use "valueText" to specify the id`);
    }
    return;
  }
  if (clause.valueType !== "text" && clause.valueType !== "date") {
    fail(`using ["${name}"] to filter by timestamp: must use "valueText" or "valueDate"`);
  }
  if (!orderingOperators.includes(clause.operator) && !clause.operator.startsWith("Contains")) {
    fail(`operator '${clause.operator}' cannot be used on ${name}`);
  }
  const values = Array.isArray(clause.value) ? clause.value : [clause.value];
  for (const value of values) {
    const ok = clause.valueType === "date" || (typeof value === "string" && /^-?\d+$/.test(value));
    if (!ok) {
      fail(`using ["${name}"] with "valueText": '${String(value)}' is not a unix timestamp in milliseconds`);
    }
  }
  if (indexes && !invertedConfig(collection, "indexTimestamps")) {
    fail(
      "Timestamps must be indexed to be filterable! Add `IndexTimestamps: true` to the " +
        `InvertedIndexConfig in ${collection.class}`,
    );
  }
}

function checkLength(clause: ComparisonFilter, collection: Collection, property: Property, indexes: boolean) {
  if (clause.valueType !== "int") {
    fail(`Filtering for property length requires IntValue, got "${valueFieldName(clause.valueType)}" instead`);
  }
  if (!orderingOperators.includes(clause.operator)) {
    fail(
      "Filtering for property length supports operators (not) equal and greater/less than (equal), " +
        `got "${clause.operator}" instead`,
    );
  }
  if ((clause.value as number) < 0) {
    fail(`Can only filter for positive property length got ${String(clause.value)} instead`);
  }
  const type = property.dataType[0] ?? "";
  if (["geoCoordinates", "phoneNumber", "blob"].includes(type) && !isReferenceType(property.dataType)) {
    fail(`property length is not supported for '${property.name}' of type '${type}'`);
  }
  if (indexes && !invertedConfig(collection, "indexPropertyLength")) {
    fail(
      "Property length must be indexed to be filterable! add `IndexPropertyLength: true` to the " +
        `invertedIndexConfig in ${collection.class}.  Geo-coordinates, phone numbers and data blobs ` +
        "are not supported by property length.",
    );
  }
}

function checkFilterable(property: Property) {
  const isText = valueTypeFor(property.dataType[0] ?? "") === "text";
  const filterable = property.indexFilterable !== false;
  const searchable = isText && property.indexSearchable !== false;
  if (!filterable && !searchable) {
    fail(
      `Filtering by property '${property.name}' requires inverted index. Is \`indexFilterable\` ` +
        `option of property '${property.name}' enabled? Set it to \`true\` or leave empty`,
    );
  }
}

function checkPropertyValue(clause: ComparisonFilter, property: Property) {
  const dataType = property.dataType[0] ?? "";
  if (isReferenceType(property.dataType)) {
    // Directly on a reference property only the number of references can be filtered.
    if (clause.valueType === "int") return;
    fail(
      `Property "${property.name}" is a ref prop to the class "${dataType}". Only "valueInt" can be used ` +
        "on a ref prop directly to count the number of refs. Or did you mean to filter on a primitive " +
        "prop of the referenced class? In this case make sure your path contains 3 elements in the form " +
        "of [<propName>, <ClassNameOfReferencedClass>, <primitvePropOnClass>]",
    );
  }
  const expected = valueTypeFor(dataType);
  if (expected === undefined) fail(`property '${property.name}' of type '${dataType}' cannot be filtered`);
  if (dataType === "uuid" || dataType === "uuid[]") {
    if (clause.valueType !== "text") {
      fail(`property "${property.name}" is of type "uuid" or "uuid[]": specify uuid as string using "valueText"`);
    }
    if (clause.operator === "Like" || clause.operator === "WithinGeoRange") {
      fail(`operator "${clause.operator}" cannot be used on uuid/uuid[] props`);
    }
    return;
  }
  if (clause.valueType !== expected) {
    fail(
      `data type filter cannot use "${valueFieldName(clause.valueType)}" on type "${dataType}", ` +
        `use "${valueFieldName(expected)}" instead`,
    );
  }
}

function checkComparison(clause: ComparisonFilter, root: Collection, options: FilterValidationOptions) {
  const indexes = options.checkIndexes !== false;
  let collection: Collection | undefined = root;
  const { path } = clause;
  for (let i = 0; i + 2 < path.length; i += 2) {
    const property = lookupProperty(collection, path[i]!);
    const target = path[i + 1]!;
    if (!isReferenceType(property.dataType)) {
      fail(
        `property '${property.name}' of class '${collection.class}' is not a reference property, ` +
          `so the path cannot continue with '${target}'`,
      );
    }
    if (!property.dataType.some((name) => name.toLowerCase() === target.toLowerCase())) {
      fail(
        `target class '${target}' is not a target of reference property '${property.name}' ` +
          `(${property.dataType.join(", ")})`,
      );
    }
    if (!options.getCollection) return; // cannot see further without the other collections
    collection = options.getCollection(target);
    if (!collection) fail(`class "${target}" does not exist in schema`);
  }
  const name = path[path.length - 1]!;
  if (internalIdProps.has(name) || timestampProps.has(name)) {
    checkInternal(clause, name, collection, indexes);
    return;
  }
  const lengthOf = lengthTarget(name);
  const property = lookupProperty(collection, lengthOf ?? name);
  if (clause.operator === "IsNull") {
    if (indexes && !invertedConfig(collection, "indexNullState")) {
      fail("Nullstate must be indexed to be filterable! Add `indexNullState: true` to the invertedIndexConfig");
    }
    return;
  }
  if (lengthOf !== undefined) {
    checkLength(clause, collection, property, indexes);
    return;
  }
  checkPropertyValue(clause, property);
  if (indexes) checkFilterable(property);
}

function checkNode(filter: Filter, collection: Collection, options: FilterValidationOptions) {
  if (filter.kind === "compare") {
    checkComparison(filter, collection, options);
    return;
  }
  filter.operands.forEach((operand, i) => {
    try {
      checkNode(operand, collection, options);
    } catch (error) {
      if (error instanceof FilterFault) fail(`child operand at position ${i}: ${error.message}`);
      throw error;
    }
  });
}

/**
 * Checks that `filter` fits `collection`'s schema: paths name existing properties (or `_id`,
 * `_creationTimeUnix`, `_lastUpdateTimeUnix`, `len(prop)`), reference paths alternate property,
 * target class, property, and value types fit property types. Throws `unprocessable` with a
 * message starting `invalid where filter: `.
 */
export function validateFilterAgainst(
  filter: Filter,
  collection: Collection,
  options: FilterValidationOptions = {},
): void {
  try {
    checkNode(filter, collection, options);
  } catch (error) {
    if (error instanceof FilterFault) throw unprocessable(`invalid where filter: ${error.message}`);
    throw error;
  }
}

