/**
 * gRPC `Filters` → the where-filter tree, through the REST WhereFilter shape and the one parser
 * (filters/parse.ts), so both transports refuse the same faults with the same messages. What
 * differs on this wire: the operator is an enum, the path is a `target` (a property, or a
 * reference hop to one target collection or to a named one of several), and dates travel as
 * text (the property's type says it is a date).
 */
import { type Collection, findProperty, isReferenceType } from "../domain/index.ts";
import { parseRestWhere } from "../filters/index.ts";
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

function isDateProperty(leaf: Resolved["leaf"]): boolean {
  const property = leaf && findProperty(leaf.collection.properties, leaf.property);
  return property !== undefined && (property.dataType[0] === "date" || property.dataType[0] === "date[]");
}

/** One node in the REST WhereFilter JSON shape. */
function restShape(filter: Filters, collection: Collection | undefined, lookup: CollectionLookup): Record<string, unknown> {
  const operator = operatorNames[filter.operator];
  if (!operator) throw invalidArgument(`filter: unknown operator ${filter.operator}`);
  if (operator === "And" || operator === "Or" || operator === "Not") {
    return { operator, operands: filter.filters.map((operand) => restShape(operand, collection, lookup)) };
  }
  const resolved = filter.target ? pathOf(filter.target, collection, lookup) : { path: filter.on };
  const dates = isDateProperty(resolved.leaf);
  const node: Record<string, unknown> = { operator, path: resolved.path };
  if (filter.valueText !== undefined) node[dates ? "valueDate" : "valueText"] = filter.valueText;
  if (filter.valueInt !== undefined) node["valueInt"] = filter.valueInt;
  if (filter.valueBoolean !== undefined) node["valueBoolean"] = filter.valueBoolean;
  if (filter.valueNumber !== undefined) node["valueNumber"] = filter.valueNumber;
  if (filter.valueTextArray) node[dates ? "valueDateArray" : "valueTextArray"] = filter.valueTextArray.values;
  if (filter.valueIntArray) node["valueIntArray"] = filter.valueIntArray.values;
  if (filter.valueBooleanArray) node["valueBooleanArray"] = filter.valueBooleanArray.values;
  if (filter.valueNumberArray) node["valueNumberArray"] = filter.valueNumberArray.values;
  if (filter.valueGeo) {
    const { latitude, longitude, distance } = filter.valueGeo;
    node["valueGeoRange"] = { geoCoordinates: { latitude, longitude }, distance: { max: distance } };
  }
  return node;
}

/** The filter tree of a request on `collection`. */
export function filterOf(filters: Filters, collection: Collection | undefined, lookup: CollectionLookup): Filter {
  return parseRestWhere(restShape(filters, collection, lookup));
}
