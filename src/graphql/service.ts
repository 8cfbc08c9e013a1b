/**
 * The GraphQL layer's front door: the current schema (from the registry), a per-request context
 * with fresh DataLoaders, the lean POST executor, and Yoga for GraphiQL in a browser.
 */
import type { ExecutionResult } from "graphql";
import type { Config } from "../config/index.ts";
import type { GraphQLContext, GraphQLLimits, SearchUseCases } from "./context.ts";
import type { ErrorLogger } from "./errors.ts";
import { type GraphQLRequest, GraphQLExecutor } from "./execute.ts";
import { createReferenceResolver } from "./loaders.ts";
import type { SchemaRegistry } from "./registry.ts";
import { createYogaServer, type WeaviateYoga } from "./yoga.ts";

export class GraphQLService {
  readonly yoga: WeaviateYoga;
  private readonly executor: GraphQLExecutor;
  private readonly limits: GraphQLLimits;

  constructor(
    config: Config,
    private readonly registry: SchemaRegistry,
    private readonly search: SearchUseCases,
    logger: ErrorLogger,
  ) {
    this.limits = {
      defaultLimit: config.queryDefaultsLimit,
      defaultLimitGraphql: config.queryDefaultsLimitGraphql,
      maximumResults: config.queryMaximumResults,
      crossReferenceDepth: config.queryCrossReferenceDepthLimit,
    };
    this.executor = new GraphQLExecutor(logger);
    this.yoga = createYogaServer(registry, () => this.context(), logger);
  }

  /** False while no collection exists (Weaviate has no GraphQL provider then, §6.1). */
  hasSchema(): boolean {
    return this.registry.current().schema !== undefined;
  }

  /** Per request: DataLoaders must not outlive one query. */
  private context(): GraphQLContext {
    const { collections } = this.registry.current();
    const collection = (className: string) => collections.get(className.toLowerCase());
    return {
      search: this.search,
      references: createReferenceResolver(this.search, collection),
      limits: this.limits,
      collection,
    };
  }

  /** Runs one request; callers check hasSchema() first. */
  execute(request: GraphQLRequest): Promise<ExecutionResult> {
    const { schema } = this.registry.current();
    if (!schema) return Promise.resolve({ errors: [] });
    return this.executor.run(schema, request, this.context());
  }
}
