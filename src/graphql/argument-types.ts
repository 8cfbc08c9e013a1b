/**
 * Input types of a class's Get and Aggregate arguments (where, nearVector, nearObject, sort,
 * groupBy, group), named per scope and class as Weaviate names them.
 */
import {
  GraphQLEnumType,
  GraphQLFloat,
  type GraphQLInputFieldConfigMap,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
} from "graphql";
import { comparisonOperators } from "../domain/index.ts";
import { type ArgumentScope, argumentNames } from "./names.ts";
import { valueScalar, vectorScalar } from "./scalars.ts";

const operators = ["And", "Or", "Not", ...comparisonOperators];

export interface ArgumentTypes {
  where: GraphQLInputObjectType;
  nearVector: GraphQLInputObjectType;
  nearObject: GraphQLInputObjectType;
  sort: GraphQLInputObjectType;
  groupBy: GraphQLInputObjectType;
  /** The legacy `group: {type: closest|merge, force}`. */
  group: GraphQLInputObjectType;
  /** Get only. */
  bm25: GraphQLInputObjectType;
  hybrid: GraphQLInputObjectType;
}

/** Shared by every class, as in Weaviate. */
const fusionEnum = new GraphQLEnumType({
  name: "FusionEnum",
  values: { rankedFusion: { value: "rankedFusion" }, relativeScoreFusion: { value: "relativeScoreFusion" } },
});

const searchOperatorEnum = new GraphQLEnumType({
  name: "SearchOperatorEnum",
  values: {
    And: { value: "And", description: "All tokens must match" },
    Or: { value: "Or", description: "At least one token must match" },
  },
});

function searchOperatorType(name: string): GraphQLInputObjectType {
  return new GraphQLInputObjectType({
    name,
    fields: {
      operator: { type: searchOperatorEnum },
      minimumOrTokensMatch: { type: GraphQLInt, description: "The minimum number of tokens that should match (only for OR operator)" },
    },
  });
}

function keywordTypes(scope: ArgumentScope, className: string, nearVector: GraphQLInputObjectType) {
  const prefix = `${scope}${className}`;
  const strings = new GraphQLList(GraphQLString);
  const bm25 = new GraphQLInputObjectType({
    name: `${prefix}HybridGetBm25InpObj`,
    fields: {
      query: { type: GraphQLString, description: "The query to search for" },
      properties: { type: strings, description: "The properties to search in" },
      searchOperator: { type: searchOperatorType(`${prefix}HybridGetBm25SearchOperatorInpObj`) },
    },
  });
  const searches = new GraphQLInputObjectType({
    name: `${prefix}HybridSearchesInpObj`,
    fields: { nearVector: { type: nearVector } },
  });
  const hybrid = new GraphQLInputObjectType({
    name: `${prefix}HybridInpObj`,
    fields: {
      query: { type: GraphQLString, description: "Query string" },
      alpha: { type: GraphQLFloat, description: "Search weight" },
      maxVectorDistance: { type: GraphQLFloat, description: "Removes all results that have a vector distance larger than the given value" },
      vector: { type: vectorScalar(`${prefix}HybridVectorScalar`), description: "Vector search" },
      properties: { type: strings, description: "Which properties should be included in the sparse search" },
      ...(scope === "GetObjects" ? { fusionType: { type: fusionEnum, description: "Algorithm used for fusing results from vector and keyword search" } } : {}),
      targetVectors: { type: strings, description: "Target vectors" },
      bm25SearchOperator: { type: searchOperatorType(`${prefix}HybridBm25SearchOperatorInpObj`) },
      searches: { type: new GraphQLList(searches), description: "Subsearch list" },
    },
  });
  return { bm25, hybrid };
}

function whereType(scope: ArgumentScope, className: string): GraphQLInputObjectType {
  const names = argumentNames(scope, className);
  const operator = new GraphQLEnumType({
    name: names.whereOperator,
    values: Object.fromEntries(operators.map((name) => [name, { value: name }])),
  });
  const geoRange = new GraphQLInputObjectType({
    name: names.geoRange,
    fields: {
      geoCoordinates: {
        type: new GraphQLNonNull(
          new GraphQLInputObjectType({
            name: names.geoCoordinates,
            fields: {
              latitude: { type: new GraphQLNonNull(GraphQLFloat) },
              longitude: { type: new GraphQLNonNull(GraphQLFloat) },
            },
          }),
        ),
      },
      distance: {
        type: new GraphQLNonNull(
          new GraphQLInputObjectType({
            name: names.geoDistance,
            fields: { max: { type: new GraphQLNonNull(GraphQLFloat), description: "metres" } },
          }),
        ),
      },
    },
  });
  const values = {
    valueText: valueScalar(names.valueText, "text"),
    valueString: valueScalar(names.valueString, "text"),
    valueDate: valueScalar(names.valueDate, "text"),
    valueInt: valueScalar(names.valueInt, "int"),
    valueNumber: valueScalar(names.valueNumber, "float"),
    valueBoolean: valueScalar(names.valueBoolean, "boolean"),
  };
  const fields = (operands: GraphQLInputObjectType): GraphQLInputFieldConfigMap => ({
    operator: { type: operator },
    operands: { type: new GraphQLList(operands) },
    path: { type: new GraphQLList(GraphQLString) },
    ...Object.fromEntries(Object.entries(values).map(([field, type]) => [field, { type }])),
    valueGeoRange: { type: geoRange },
  });
  const operandsType: GraphQLInputObjectType = new GraphQLInputObjectType({
    name: names.whereOperands,
    fields: () => fields(operandsType),
  });
  return new GraphQLInputObjectType({ name: names.where, fields: () => fields(operandsType) });
}

export function argumentTypes(scope: ArgumentScope, className: string): ArgumentTypes {
  const names = argumentNames(scope, className);
  const strings = new GraphQLList(GraphQLString);
  const thresholds = { distance: { type: GraphQLFloat }, certainty: { type: GraphQLFloat } };
  const nearVector = new GraphQLInputObjectType({
    name: names.nearVector,
    fields: {
      vector: { type: vectorScalar(names.nearVectorScalar) },
      ...thresholds,
      targetVectors: { type: strings },
    },
  });
  return {
    ...keywordTypes(scope, className, nearVector),
    where: whereType(scope, className),
    nearVector,
    nearObject: new GraphQLInputObjectType({
      name: names.nearObject,
      fields: {
        id: { type: GraphQLString },
        beacon: { type: GraphQLString },
        ...thresholds,
        targetVectors: { type: strings },
      },
    }),
    sort: new GraphQLInputObjectType({
      name: names.sort,
      fields: {
        path: { type: strings },
        order: {
          type: new GraphQLEnumType({
            name: names.sortOrder,
            values: { asc: { value: "asc" }, desc: { value: "desc" } },
          }),
        },
      },
    }),
    groupBy: new GraphQLInputObjectType({
      name: names.groupBy,
      fields: {
        path: { type: new GraphQLNonNull(strings) },
        groups: { type: new GraphQLNonNull(GraphQLInt) },
        objectsPerGroup: { type: new GraphQLNonNull(GraphQLInt) },
      },
    }),
    group: new GraphQLInputObjectType({
      name: names.group,
      fields: {
        type: {
          type: new GraphQLEnumType({
            name: names.groupType,
            values: { closest: { value: "closest" }, merge: { value: "merge" } },
          }),
        },
        force: { type: new GraphQLNonNull(GraphQLFloat) },
      },
    }),
  };
}
