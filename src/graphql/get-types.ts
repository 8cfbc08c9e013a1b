/**
 * The output types of Get: one object type per class with a field per property, `_additional`
 * (id, vectors, distance, certainty, timestamps, group), reference unions of the target classes
 * plus `Beacon`, geo / phone / nested object types.
 */
import {
  GraphQLBoolean,
  GraphQLFloat,
  type GraphQLFieldConfigMap,
  type GraphQLFieldResolver,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLString,
  GraphQLUnionType,
} from "graphql";
import { type Collection, isReferenceType, LEGACY_VECTOR, type Property } from "../domain/index.ts";
import { goFloat32String, shortestFloat32 } from "../lib/index.ts";
import type { GraphQLContext, ResultObject } from "./context.ts";
import { additionalNames, classTypeName, nestedObjectTypeName, propertyTypeNames, rootNames } from "./names.ts";

/** Resolved reference entries: an object of a target class, or a beacon nothing resolved. */
export type ReferenceEntry = ResultObject | { beacon: string };

export interface TypeLookup {
  /** The Get object type of a class, when the class exists. */
  classType(className: string): GraphQLObjectType | undefined;
  beacon: GraphQLObjectType;
}

type Resolver = GraphQLFieldResolver<ResultObject, GraphQLContext>;

/** Scalar output types per primitive data type (without the [] suffix). */
function scalarFor(base: string): GraphQLOutputType | undefined {
  switch (base) {
    case "text":
    case "string":
    case "uuid":
    case "date":
    case "blob":
      return GraphQLString;
    // int is a 64-bit integer in Weaviate; GraphQL's Int is 32-bit, so values go out as Float
    // (JSON prints whole numbers the same either way).
    case "int":
    case "number":
      return GraphQLFloat;
    case "boolean":
      return GraphQLBoolean;
    default:
      return undefined;
  }
}

function geoType(name: string): GraphQLObjectType {
  return new GraphQLObjectType({
    name,
    fields: { latitude: { type: GraphQLFloat }, longitude: { type: GraphQLFloat } },
  });
}

function phoneType(name: string): GraphQLObjectType {
  return new GraphQLObjectType({
    name,
    fields: {
      input: { type: GraphQLString },
      internationalFormatted: { type: GraphQLString },
      countryCode: { type: GraphQLInt },
      national: { type: GraphQLFloat },
      nationalFormatted: { type: GraphQLString },
      valid: { type: GraphQLBoolean },
      defaultCountry: { type: GraphQLString },
    },
  });
}

/** Nested object properties: plain objects, so the default resolver reads them. */
function nestedType(className: string, path: string[], properties: readonly Property[]): GraphQLObjectType {
  return new GraphQLObjectType({
    name: nestedObjectTypeName(className, path),
    fields: () =>
      Object.fromEntries(
        properties.map((property) => [
          property.name,
          { type: nestedFieldType(className, [...path, property.name], property) },
        ]),
      ),
  });
}

function nestedFieldType(className: string, path: string[], property: Property): GraphQLOutputType {
  const type = property.dataType[0] ?? "";
  const list = type.endsWith("[]");
  const base = list ? type.slice(0, -2) : type;
  const inner =
    base === "object" ? nestedType(className, path, property.nestedProperties ?? []) : (scalarFor(base) ?? GraphQLString);
  return list ? new GraphQLList(inner) : inner;
}

function referenceUnion(collection: Collection, property: Property, types: TypeLookup): GraphQLUnionType {
  return new GraphQLUnionType({
    name: propertyTypeNames(collection.class, property.name).reference,
    types: () => [
      ...property.dataType.flatMap((target) => {
        const type = types.classType(target);
        return type ? [type] : [];
      }),
      types.beacon,
    ],
    resolveType: (entry: ReferenceEntry) =>
      "beacon" in entry ? rootNames.beacon : classTypeName(entry.collection.class),
  });
}

const readProperty =
  (name: string): Resolver =>
  (source) =>
    source.hit.object.properties[name] ?? null;

/** The property fields of a class (shared by the class type and group hits). */
function propertyOutputType(
  collection: Collection,
  property: Property,
  types: TypeLookup,
): GraphQLOutputType | undefined {
  if (isReferenceType(property.dataType)) return new GraphQLList(referenceUnion(collection, property, types));
  const type = property.dataType[0] ?? "";
  const list = type.endsWith("[]");
  const base = list ? type.slice(0, -2) : type;
  const names = propertyTypeNames(collection.class, property.name);
  let output: GraphQLOutputType | undefined;
  if (base === "geoCoordinates") output = geoType(names.geo);
  else if (base === "phoneNumber") output = phoneType(names.phone);
  else if (base === "object") output = nestedType(collection.class, [property.name], property.nestedProperties ?? []);
  else output = scalarFor(base);
  return output && list ? new GraphQLList(output) : output;
}

/**
 * The property fields of a class, shared by the class type and its group hits. `cache` keeps
 * one output type per property, since a schema may hold each type name only once.
 */
export function propertyFields(
  collection: Collection,
  types: TypeLookup,
  cache: Map<string, GraphQLOutputType | undefined>,
): GraphQLFieldConfigMap<ResultObject, GraphQLContext> {
  const fields: GraphQLFieldConfigMap<ResultObject, GraphQLContext> = {};
  for (const property of collection.properties) {
    const { name } = property;
    if (!cache.has(name)) cache.set(name, propertyOutputType(collection, property, types));
    const type = cache.get(name);
    if (!type) continue;
    fields[name] = isReferenceType(property.dataType)
      ? { type, resolve: (source, _args, context) => context.references.load(source, name) }
      : { type, resolve: readProperty(name) };
  }
  return fields;
}

const vectorList = new GraphQLList(GraphQLFloat);

/** Stored vectors are float32: printed in their shortest form, as Weaviate (and REST) print them. */
const printVector = (vector: readonly number[] | undefined) => vector?.map(shortestFloat32) ?? null;

function namedVectors(collection: Collection): string[] {
  return Object.keys(collection.vectorConfig ?? {});
}

function vectorsType(collection: Collection, name: string): GraphQLObjectType | undefined {
  const spaces = namedVectors(collection);
  if (spaces.length === 0) return undefined;
  return new GraphQLObjectType({
    name,
    fields: Object.fromEntries(
      spaces.map((space) => [space, { type: vectorList, resolve: (vectors: Record<string, number[]>) => printVector(vectors[space]) }]),
    ),
  });
}

/** The `_additional` fields every result object (top level, references, group hits) has. */
function commonAdditional(collection: Collection, vectorsName: string): GraphQLFieldConfigMap<ResultObject, GraphQLContext> {
  const vectors = vectorsType(collection, vectorsName);
  return {
    id: { type: GraphQLString, resolve: (source) => source.hit.object.id },
    vector: { type: vectorList, resolve: (source) => printVector(source.hit.object.vectors[LEGACY_VECTOR]) },
    ...(vectors ? { vectors: { type: vectors, resolve: (source: ResultObject) => source.hit.object.vectors } } : {}),
    distance: { type: GraphQLFloat, resolve: (source) => source.hit.distance ?? null },
    certainty: { type: GraphQLFloat, resolve: (source) => source.hit.certainty ?? null },
    // Strings, as Weaviate's: the float32 score printed as Go prints it.
    score: { type: GraphQLString, resolve: (source) => (source.hit.score === undefined ? null : goFloat32String(source.hit.score)) },
    explainScore: { type: GraphQLString, resolve: (source) => source.hit.explainScore ?? null },
    creationTimeUnix: { type: GraphQLString, resolve: (source) => String(source.hit.object.creationTimeUnix) },
    lastUpdateTimeUnix: { type: GraphQLString, resolve: (source) => String(source.hit.object.lastUpdateTimeUnix) },
  };
}

function groupType(
  collection: Collection,
  types: TypeLookup,
  cache: Map<string, GraphQLOutputType | undefined>,
): GraphQLObjectType {
  const names = additionalNames(classTypeName(collection.class));
  const hitAdditional = new GraphQLObjectType<ResultObject, GraphQLContext>({
    name: names.groupHitsAdditional,
    fields: () => commonAdditional(collection, `${names.groupHitsAdditional}Vectors`),
  });
  const hits = new GraphQLObjectType<ResultObject, GraphQLContext>({
    name: names.groupHits,
    fields: () => ({
      ...propertyFields(collection, types, cache),
      _additional: { type: hitAdditional, resolve: (source) => source },
    }),
  });
  return new GraphQLObjectType<ResultObject, GraphQLContext>({
    name: names.group,
    fields: {
      id: { type: GraphQLInt, resolve: (source) => source.hit.group?.id ?? null },
      groupedBy: {
        type: new GraphQLObjectType({
          name: names.groupedBy,
          fields: { path: { type: new GraphQLList(GraphQLString) }, value: { type: GraphQLString } },
        }),
        resolve: (source) => source.hit.group?.groupedBy ?? null,
      },
      count: { type: GraphQLInt, resolve: (source) => source.hit.group?.count ?? null },
      minDistance: { type: GraphQLFloat, resolve: (source) => source.hit.group?.minDistance ?? null },
      maxDistance: { type: GraphQLFloat, resolve: (source) => source.hit.group?.maxDistance ?? null },
      hits: {
        type: new GraphQLList(hits),
        resolve: (source) =>
          source.hit.group?.hits.map((hit) => ({ hit, collection: source.collection, tenant: source.tenant })) ?? [],
      },
    },
  });
}

function classificationType(name: string): GraphQLObjectType {
  const strings = new GraphQLList(GraphQLString);
  return new GraphQLObjectType({
    name,
    fields: {
      id: { type: GraphQLString },
      basedOn: { type: strings },
      scope: { type: strings },
      classifiedFields: { type: strings },
      completed: { type: GraphQLString },
    },
  });
}

/** The Get object type of one class. */
export function classObjectType(collection: Collection, types: TypeLookup): GraphQLObjectType {
  const typeName = classTypeName(collection.class);
  const names = additionalNames(typeName);
  const cache = new Map<string, GraphQLOutputType | undefined>();
  const additional = new GraphQLObjectType<ResultObject, GraphQLContext>({
    name: names.additional,
    fields: () => ({
      ...commonAdditional(collection, names.vectors),
      group: { type: groupType(collection, types, cache), resolve: (source) => (source.hit.group ? source : null) },
      // Classifications are not supported; the field exists so queries selecting it validate.
      classification: { type: classificationType(names.classification), resolve: () => null },
    }),
  });
  return new GraphQLObjectType<ResultObject, GraphQLContext>({
    name: typeName,
    description: collection.description,
    fields: () => ({
      ...propertyFields(collection, types, cache),
      _additional: { type: additional, resolve: (source) => source },
    }),
  });
}

export function beaconType(): GraphQLObjectType {
  return new GraphQLObjectType({ name: rootNames.beacon, fields: { beacon: { type: GraphQLString } } });
}
