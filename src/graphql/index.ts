/** The GraphQL layer: schema generation, the schema registry, execution and GraphiQL. */
export { buildSchema } from "./build-schema.ts";
export type { SearchUseCases } from "./context.ts";
export type { GraphQLRequest } from "./execute.ts";
export type { GraphQLPlugin, OperationEvent } from "./plugins.ts";
export { type CollectionSnapshot, SchemaRegistry } from "./registry.ts";
export { GraphQLService } from "./service.ts";
export { GRAPHQL_PATH, type WeaviateYoga } from "./yoga.ts";
export type { BackupOperations, BackupReply } from "./backup-schema.ts";
export type { TenantOperations, TenantState } from "./tenant-schema.ts";
export { type ExtractedQuery, extractVectorLiterals } from "./vector-literals.ts";
