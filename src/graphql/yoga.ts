/**
 * The graphql-yoga instance: the schema from the registry (per request, cached), a per-request
 * context with fresh DataLoaders, GraphiQL served from the bundled assets (no CDN), and errors
 * rendered in one place — an AppError's message reaches the client instead of Yoga's
 * "Unexpected error.".
 */
import { GraphQLError } from "graphql";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { Logger } from "pino";
import type { Config } from "../config/index.ts";
import { isAppError } from "../errors/index.ts";
import type { GraphQLContext, SearchUseCases } from "./context.ts";
import { createReferenceResolver } from "./loaders.ts";
import type { SchemaRegistry } from "./registry.ts";

export type ServerContext = Record<string, unknown>;
export type WeaviateYoga = YogaServerInstance<ServerContext, GraphQLContext>;

export const GRAPHQL_PATH = "/v1/graphql";

function renderError(error: unknown, logger: Logger): GraphQLError {
  const graphqlError = error instanceof GraphQLError ? error : undefined;
  const original = graphqlError?.originalError ?? error;
  if (graphqlError && (!original || original === graphqlError || original instanceof GraphQLError)) {
    return graphqlError;
  }
  if (!isAppError(original)) logger.error({ err: original }, "graphql resolver failed");
  const message = original instanceof Error ? original.message : String(original);
  return new GraphQLError(message, {
    nodes: graphqlError?.nodes,
    source: graphqlError?.source,
    positions: graphqlError?.positions,
    path: graphqlError?.path,
    originalError: original instanceof Error ? original : undefined,
  });
}

export function createGraphQLServer(
  config: Config,
  registry: SchemaRegistry,
  search: SearchUseCases,
  logger: Logger,
): WeaviateYoga {
  const limits = {
    defaultLimit: config.queryDefaultsLimit,
    defaultLimitGraphql: config.queryDefaultsLimitGraphql,
    maximumResults: config.queryMaximumResults,
    crossReferenceDepth: config.queryCrossReferenceDepthLimit,
  };
  return createYoga<ServerContext, GraphQLContext>({
    graphqlEndpoint: GRAPHQL_PATH,
    // Requests only reach Yoga when a collection exists (the route answers 422 otherwise).
    schema: () => registry.current().schema!,
    context: () => {
      const { collections } = registry.current();
      const collection = (className: string) => collections.get(className.toLowerCase());
      return { search, references: createReferenceResolver(search, collection), limits, collection };
    },
    graphiql: { title: "Weaviate GraphQL", defaultQuery: "{\n  Get {\n  }\n}\n" },
    // The bundled GraphiQL is 9 MB of JavaScript: loaded on the first browser visit, not at start.
    renderGraphiQL: async (options) => (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(options),
    landingPage: false,
    logging: false,
    cors: false, // CORS is answered by the HTTP server for every route alike
    maskedErrors: { maskError: (error) => renderError(error, logger) },
  });
}
