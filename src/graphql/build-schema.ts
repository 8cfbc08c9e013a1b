/**
 * buildSchema(collections): a pure function from the collection definitions to a GraphQL schema.
 * Pothos builds the static skeleton (the `WeaviateObj` root, Explore); the per-class layer
 * (Get and Aggregate types, which exist only at runtime) is built with graphql-js and added
 * through @pothos/plugin-add-graphql.
 */
import {
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
} from "graphql";
import { type Collection, type ExploreHit, formatBeacon } from "../domain/index.ts";
import { aggregateField, aggregateObjectType } from "./aggregate-types.ts";
import { backupQueries, backupSubscriptions, backupTypes } from "./backup-schema.ts";
import { type Builder, createBuilder } from "./builder.ts";
import type { GraphQLContext } from "./context.ts";
import { parseExploreArgs } from "./parse-args.ts";
import { getField } from "./get-field.ts";
import { beaconType, classObjectType } from "./get-types.ts";
import { addMutationType } from "./mutations.ts";
import { rootNames } from "./names.ts";
import { vectorScalar } from "./scalars.ts";
import { tenantQueries, tenantTypes } from "./tenant-schema.ts";

function perClassTypes(collections: readonly Collection[]) {
  const classTypes = new Map<string, GraphQLObjectType>();
  const beacon = beaconType();
  const lookup = {
    classType: (className: string) => classTypes.get(className.toLowerCase()),
    beacon,
  };
  for (const collection of collections) {
    classTypes.set(collection.class.toLowerCase(), classObjectType(collection, lookup));
  }
  const get = new GraphQLObjectType<unknown, GraphQLContext>({
    name: rootNames.get,
    description: "Get objects of a class",
    fields: Object.fromEntries(
      collections.map((collection) => [
        // The field keeps the class name; only the type is `_`-prefixed on a clash with a scalar.
        collection.class,
        getField(collection, classTypes.get(collection.class.toLowerCase())!),
      ]),
    ),
  });
  const aggregate = new GraphQLObjectType<unknown, GraphQLContext>({
    name: rootNames.aggregate,
    description: "Aggregate objects of a class",
    fields: Object.fromEntries(
      collections.map((collection) => [collection.class, aggregateField(collection, aggregateObjectType(collection))]),
    ),
  });
  return { get, aggregate };
}

/**
 * Registers every named type reachable from the per-class roots with the builder up front. The
 * add-graphql plugin otherwise discovers them lazily while fields resolve, and re-enters itself
 * on a reference cycle (`Person.friend: [Person]`, or A → B → A), adding the same class type twice
 * ("Duplicate typename"). Registered here, each type is known before any field thunk runs.
 */
function registerReachableTypes(builder: Builder, roots: GraphQLObjectType[]): void {
  const reachable = new GraphQLSchema({ types: roots }).getTypeMap();
  const skip = new Set(roots.map((root) => root.name));
  for (const type of Object.values(reachable)) {
    if (skip.has(type.name) || type.name.startsWith("__") || isSpecifiedScalarType(type)) continue;
    if (isObjectType(type)) builder.addGraphQLObject(type);
    else if (isUnionType(type)) builder.addGraphQLUnion(type);
    else if (isEnumType(type)) builder.addGraphQLEnum(type);
    else if (isInputObjectType(type)) builder.addGraphQLInput(type);
    else if (isScalarType(type)) builder.addScalarType(type.name as never, type);
  }
}

/**
 * Builds the whole schema for a set of collections: the Query root (Get, Aggregate, Explore, the
 * backup and tenant queries), the Subscription root (backup progress) and the Mutation root
 * (mutations.ts). Without collections only Explore and the backup and tenant fields exist (a
 * GraphQL object type cannot be empty, and a restore starts from nothing).
 */
export function buildSchema(collections: readonly Collection[]): GraphQLSchema {
  const builder = createBuilder();
  const perClass = collections.length > 0 ? perClassTypes(collections) : undefined;
  const GetRef = perClass ? builder.addGraphQLObject<object>(perClass.get) : undefined;
  const AggregateRef = perClass ? builder.addGraphQLObject<object>(perClass.aggregate) : undefined;
  if (perClass) registerReachableTypes(builder, [perClass.get, perClass.aggregate]);
  builder.addScalarType("ExploreNearVectorVectorScalar", vectorScalar("ExploreNearVectorVectorScalar"));

  const ExploreRef = builder.objectRef<ExploreHit>(rootNames.explore).implement({
    description: "An object found by a vector search across classes",
    fields: (t) => ({
      beacon: t.string({ resolve: (hit) => formatBeacon(hit.className, hit.id) }),
      className: t.exposeString("className"),
      distance: t.exposeFloat("distance"),
      certainty: t.float({ resolve: (hit) => hit.certainty ?? null }),
    }),
  });
  const NearVector = builder.inputType(rootNames.exploreNearVector, {
    fields: (t) => ({
      vector: t.field({ type: "ExploreNearVectorVectorScalar", required: true }),
      distance: t.float(),
      certainty: t.float(),
      targetVectors: t.stringList(),
    }),
  });
  const NearObject = builder.inputType(rootNames.exploreNearObject, {
    fields: (t) => ({ id: t.string(), beacon: t.string(), distance: t.float(), certainty: t.float(), targetVectors: t.stringList() }),
  });

  const backup = backupTypes(builder);
  const tenant = tenantTypes(builder);

  builder.queryType({
    name: rootNames.query,
    fields: (t) => ({
      ...(GetRef && AggregateRef
        ? {
            Get: t.field({ type: GetRef, description: "Get objects of a class", resolve: () => ({}) }),
            Aggregate: t.field({ type: AggregateRef, description: "Aggregate objects of a class", resolve: () => ({}) }),
          }
        : {}),
      Explore: t.field({
        type: [ExploreRef],
        description: "Vector search across every class",
        args: {
          nearVector: t.arg({ type: NearVector }),
          nearObject: t.arg({ type: NearObject }),
          limit: t.arg.int(),
          offset: t.arg.int(),
        },
        resolve: async (_root, args, context) => {
          const params = parseExploreArgs(args as Record<string, unknown>, context.limits);
          return context.search.explore(params);
        },
      }),
      ...backupQueries(t, backup),
      ...tenantQueries(t, tenant),
    }),
  });
  builder.subscriptionType({ fields: (t) => backupSubscriptions(t, backup) });
  addMutationType(builder, { backup, tenant });
  return builder.toSchema({ sortSchema: false });
}
