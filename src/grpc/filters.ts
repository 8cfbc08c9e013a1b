/**
 * gRPC `Filters` → the where-filter tree, through the REST WhereFilter shape and the one parser
 * (filters/parse.ts), so both transports refuse the same faults with the same messages. What
 * differs on this wire: the operator is an enum, the path is a `target` (a property, or a
 * reference hop to one target collection or to a named one of several), and values are typed by
 * the property, as Weaviate's handler types them: dates travel as text, an int compared with a
 * number property is a number, a whole number compared with an int property an int.
 */
import { type Collection, findProperty, isReferenceType } from "../domain/index.ts";
import { parseRestWhere, validateFilterAgainst } from "../filters/index.ts";
import type { Filter } from "../domain/index.ts";
import { invalidArgument } from "./errors.ts";
import { type FilterTarget, type Filters, Filters_Operator } from "./generated/v1/base.ts";

const operatorNames: Partial<Record<Filters_Operator, string>> = {
  [Filters_Operator.OPERATOR_EQUAL]: "Equal",
  [Filters_Operator.OPERATOR_NOT_EQUAL]: "NotEqual",
  [Filters_Operator.OPERATOR_GREATER_THAN]: "GreaterThan",
  [Filters_Operator.OPERATOR_GREATER_THAN_EQUAL]: "GreaterThanEqual",
  [Filters_Operator.OPERATOR_LESS_THAN]: "LessThan",
  [Filters_Operator.OPERATOR_LESS_THAN_EQUAL]: "LessThanEqual",
  [Filters_Operator.OPERATOR_AND]: "And",
  [Filters_Operator.OPERATOR_OR]: "Or",
  [Filters_Operator.OPERATOR_NOT]: "Not",
  [Filters_Operator.OPERATOR_WITHIN_GEO_RANGE]: "WithinGeoRange",
  [Filters_Operator.OPERATOR_LIKE]: "Like",
  [Filters_Operator.OPERATOR_IS_NULL]: "IsNull",
  [Filters_Operator.OPERATOR_CONTAINS_ANY]: "ContainsAny",
  [Filters_Operator.OPERATOR_CONTAINS_ALL]: "ContainsAll",
  [Filters_Operator.OPERATOR_CONTAINS_NONE]: "ContainsNone",
};

/** Finds collections by name, for reference hops. */
export type CollectionLookup = (name: string) => Collection | undefined;

interface Resolved {
  path: string[];
  /** The collection and property the path ends at, when the schema knows them. */
  leaf?: { collection: Collection; property: string };
}

/** A target as a REST path: `[prop]`, or `[refProp, TargetClass, ...]` through references. */
function pathOf(target: FilterTarget, collection: Collection | undefined, lookup: CollectionLookup): Resolved {
  if (target.property !== undefined) {
    return { path: [target.property], ...(collection ? { leaf: { collection, property: target.property } } : {}) };
  }
  const hop = target.singleTarget ?? target.multiTarget;
  if (hop) {
    const property = collection ? findProperty(collection.properties, hop.on) : undefined;
    const targetClass =
      target.multiTarget?.targetCollection ??
      (property && isReferenceType(property.dataType) && property.dataType.length === 1 ? property.dataType[0] : undefined);
    if (!targetClass) throw invalidArgument(`filter: cannot tell which collection reference property '${hop.on}' points to`);
    if (!hop.target) throw invalidArgument(`filter: the reference hop through '${hop.on}' names no target property`);
    const rest = pathOf(hop.target, lookup(targetClass), lookup);
    return { ...rest, path: [hop.on, targetClass, ...rest.path] };
  }
  if (target.count) return { path: [target.count.on] };
  throw invalidArgument("filter: a comparison needs a target property");
}

/**
 * The type a comparison's value has, from the property the path ends at (Weaviate's gRPC handler
 * types values by the schema, not by the oneof case the client chose).
 */
function leafType(resolved: Resolved): string | undefined {
  const name = resolved.path[resolved.path.length - 1];
  if (name === "_id") return "text";
  if (name === "_creationTimeUnix" || name === "_lastUpdateTimeUnix") return "date";
  const property = resolved.leaf && findProperty(resolved.leaf.collection.properties, resolved.leaf.property);
  return property?.dataType[0]?.replace(/\[\]$/, "");
}

function wholeNumber(value: number): number {
  if (!Number.isInteger(value)) throw invalidArgument(`filtering for integer, but received a floating point number ${value}`);
  return value;
}

/** The value of a comparison under the REST key its property's type takes. */
function restValue(filter: Filters, type: string | undefined): Record<string, unknown> {
  const number = filter.valueNumber ?? filter.valueInt;
  if (type === "number" && number !== undefined) return { valueNumber: number };
  if (type === "int" && number !== undefined) return { valueInt: wholeNumber(number) };
  const numbers = filter.valueNumberArray?.values ?? filter.valueIntArray?.values;
  if (type === "number" && numbers) return { valueNumberArray: numbers };
  if (type === "int" && numbers) return { valueIntArray: numbers.map(wholeNumber) };
  if (filter.valueText !== undefined) return { [type === "date" ? "valueDate" : "valueText"]: filter.valueText };
  if (filter.valueTextArray) return { [type === "date" ? "valueDateArray" : "valueTextArray"]: filter.valueTextArray.values };
  if (filter.valueInt !== undefined) return { valueInt: filter.valueInt };
  if (filter.valueNumber !== undefined) return { valueNumber: filter.valueNumber };
  if (filter.valueBoolean !== undefined) return { valueBoolean: filter.valueBoolean };
  if (filter.valueIntArray) return { valueIntArray: filter.valueIntArray.values };
  if (filter.valueNumberArray) return { valueNumberArray: filter.valueNumberArray.values };
  if (filter.valueBooleanArray) return { valueBooleanArray: filter.valueBooleanArray.values };
  if (filter.valueGeo) {
    const { latitude, longitude, distance } = filter.valueGeo;
    return { valueGeoRange: { geoCoordinates: { latitude, longitude }, distance: { max: distance } } };
  }
  return {};
}

/** One node in the REST WhereFilter JSON shape. */
function restShape(filter: Filters, collection: Collection | undefined, lookup: CollectionLookup): Record<string, unknown> {
  const operator = operatorNames[filter.operator];
  if (!operator) throw invalidArgument(`filter: unknown operator ${filter.operator}`);
  if (operator === "And" || operator === "Or" || operator === "Not") {
    return { operator, operands: filter.filters.map((operand) => restShape(operand, collection, lookup)) };
  }
  const resolved: Resolved = filter.target ? pathOf(filter.target, collection, lookup) : { path: filter.on };
  // A count of references compares numbers of references: integers.
  const type = filter.target?.count ? "int" : leafType(resolved);
  return { operator, path: resolved.path, ...restValue(filter, type) };
}

/** The filter tree of a request on `collection`, checked against its schema (and, through references, the others'). */
export function filterOf(filters: Filters, collection: Collection | undefined, lookup: CollectionLookup): Filter {
  const filter = parseRestWhere(restShape(filters, collection, lookup));
  if (collection) validateFilterAgainst(filter, collection, { getCollection: lookup });
  return filter;
}
