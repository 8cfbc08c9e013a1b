/**
 * Every generated GraphQL type name, in one place: clients and tools (GraphiQL, codegen) read
 * them, so they follow Weaviate's naming exactly (reference §6.7).
 */

/** Names a class may not take as a GraphQL type: they clash with built-in scalars. */
const reservedTypeNames = new Set(["String", "Int", "Float", "Boolean", "ID", "DateTime", "FieldSet"]);

/** The GraphQL object type of a class in Get: the class name, `_`-prefixed on a clash. */
export function classTypeName(className: string): string {
  return reservedTypeNames.has(className) ? `_${className}` : className;
}

export const rootNames = {
  query: "WeaviateObj",
  get: "GetObjectsObj",
  aggregate: "AggregateObjectsObj",
  explore: "ExploreObj",
  exploreNearVector: "ExploreNearVectorInpObj",
  exploreNearObject: "ExploreNearObjectInpObj",
  beacon: "Beacon",
} as const;

/** `GetObjects<Class>` / `AggregateObjects<Class>`: the prefix of a class's argument types. */
export type ArgumentScope = "GetObjects" | "AggregateObjects";

export const argumentNames = (scope: ArgumentScope, className: string) => {
  const prefix = `${scope}${className}`;
  return {
    where: `${prefix}WhereInpObj`,
    whereOperands: `${prefix}WhereOperandsInpObj`,
    whereOperator: `${prefix}WhereOperatorEnum`,
    geoRange: `${prefix}WhereGeoRangeInpObj`,
    geoCoordinates: `${prefix}WhereGeoRangeGeoCoordinatesInpObj`,
    geoDistance: `${prefix}WhereGeoRangeDistanceInpObj`,
    valueText: `Text${prefix}`,
    valueString: `TextString${prefix}`,
    valueDate: `TextDate${prefix}`,
    valueInt: `Int${prefix}`,
    valueNumber: `Float${prefix}`,
    valueBoolean: `Boolean${prefix}`,
    nearVector: `${prefix}NearVectorInpObj`,
    nearVectorScalar: `${prefix}NearVectorVectorScalar`,
    nearObject: `${prefix}NearObjectInpObj`,
    sort: `${prefix}SortInpObj`,
    sortOrder: `${prefix}SortInpObjTypeEnum`,
    groupBy: `${prefix}GroupByInpObj`,
    group: `${prefix}GroupInpObj`,
    groupType: `${prefix}GroupInpObjTypeEnum`,
  };
};

export const additionalNames = (className: string) => ({
  additional: `${className}Additional`,
  classification: `${className}AdditionalClassification`,
  vectors: `${className}AdditionalVectors`,
  group: `${className}AdditionalGroup`,
  groupHits: `${className}AdditionalGroupHits`,
  groupHitsAdditional: `${className}AdditionalGroupHitsAdditional`,
  groupedBy: `${className}AdditionalGroupGroupedBy`,
});

export const propertyTypeNames = (className: string, property: string) => ({
  reference: `${className}${property}Obj`,
  geo: `${className}${property}GeoCoordinatesObj`,
  phone: `${className}${property}PhoneNumberObj`,
});

/** Nested object properties: `<Class>_<path>_object`, the path joined with `_`. */
export function nestedObjectTypeName(className: string, path: readonly string[]): string {
  return `${className}_${path.join("_")}_object`;
}

export const aggregateNames = (className: string) => ({
  object: `Aggregate${className}`,
  meta: `Aggregate${className}MetaObject`,
  groupedBy: `Aggregate${className}GroupedByObj`,
  property: (property: string) => `Aggregate${className}${property}Obj`,
  topOccurrences: (property: string) => `Aggregate${className}${property}TopOccurrencesObj`,
});
