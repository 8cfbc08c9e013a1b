/**
 * The one Pothos builder type of the schema. Everything built with Pothos (the skeleton in
 * build-schema.ts, the backup and tenant fields) takes this builder and its field builders, so
 * arguments and parents are typed the same way everywhere. The per-class layer is graphql-js and
 * enters through @pothos/plugin-add-graphql (build-schema.ts).
 */
import SchemaBuilder, { type MutationFieldBuilder, type QueryFieldBuilder, type SubscriptionFieldBuilder } from "@pothos/core";
import AddGraphQLPlugin from "@pothos/plugin-add-graphql";
import type { GraphQLContext } from "./context.ts";

/** The schema's Pothos types: the per-request context and the scalars Pothos refers to by name. */
export interface WeaviateSchemaTypes {
  Context: GraphQLContext;
  Scalars: { ExploreNearVectorVectorScalar: { Input: number[]; Output: number[] } };
}

/** The types as Pothos completes them (defaults filled in). */
export type Types = PothosSchemaTypes.ExtendDefaultTypes<WeaviateSchemaTypes>;

export type Builder = PothosSchemaTypes.SchemaBuilder<Types>;

/** The `t` of `builder.queryType({ fields: (t) => ... })`. */
export type QueryFields = QueryFieldBuilder<Types, Types["Root"]>;
/** The `t` of `builder.mutationType({ fields: (t) => ... })`. */
export type MutationFields = MutationFieldBuilder<Types, Types["Root"]>;
/** The `t` of `builder.subscriptionType({ fields: (t) => ... })`. */
export type SubscriptionFields = SubscriptionFieldBuilder<Types, Types["Root"]>;

/** A fresh builder: one per schema build, so no type outlives the collections it was built from. */
export function createBuilder(): Builder {
  return new SchemaBuilder<WeaviateSchemaTypes>({ plugins: [AddGraphQLPlugin] });
}
