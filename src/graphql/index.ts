/** The GraphQL layer: schema generation, the schema registry and the Yoga server. */
export { buildSchema } from "./build-schema.ts";
export type { SearchUseCases } from "./context.ts";
export { type CollectionSnapshot, SchemaRegistry } from "./registry.ts";
export { createGraphQLServer, GRAPHQL_PATH, type WeaviateYoga } from "./yoga.ts";
export { extractVectorLiterals, withVectorLiterals } from "./vector-literals.ts";
