/**
 * graphql-yoga, for browsers: GET /v1/graphql opens GraphiQL (served from the bundled assets, no
 * CDN) against the current schema; GET with ?query= runs a query. POSTs take the lean path in
 * execute.ts.
 */
import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import type { GraphQLContext } from "./context.ts";
import { type ErrorLogger, renderError } from "./errors.ts";
import { limitRules, parseWithLimits, type QueryLimits } from "./limits.ts";
import type { SchemaRegistry } from "./registry.ts";

export type ServerContext = Record<string, unknown>;
export type WeaviateYoga = YogaServerInstance<ServerContext, GraphQLContext>;

export const GRAPHQL_PATH = "/v1/graphql";

export function createYogaServer(
  registry: SchemaRegistry,
  context: () => GraphQLContext,
  logger: ErrorLogger,
  limits: QueryLimits,
): WeaviateYoga {
  const rules = limitRules(limits);
  // The same bounds as the POST path (limits.ts).
  const limitsPlugin: Plugin<GraphQLContext> = {
    onParse: ({ setParseFn }) => setParseFn((source) => parseWithLimits(source.toString(), limits)),
    onValidate: ({ addValidationRule }) => {
      for (const rule of rules) addValidationRule(rule);
    },
  };
  return createYoga<ServerContext, GraphQLContext>({
    graphqlEndpoint: GRAPHQL_PATH,
    schema: () => registry.current().schema,
    context,
    graphiql: { title: "Weaviate GraphQL", defaultQuery: "{\n  Get {\n  }\n}\n" },
    // The bundled GraphiQL is 9 MB of JavaScript: loaded on the first browser visit, not at start.
    renderGraphiQL: async (options) => (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(options),
    landingPage: false,
    logging: false,
    cors: false, // CORS is answered by the HTTP server for every route alike
    maskedErrors: { maskError: (error) => renderError(error, logger) },
    plugins: [limitsPlugin],
  });
}
