/**
 * The GraphQL layer's front door: the current schema (from the registry), a per-request context
 * with fresh DataLoaders, the lean POST executor with its plugins, and Yoga for GraphiQL in a
 * browser.
 */
import { type DocumentNode, type ExecutionResult, Kind } from "graphql";
import { type BackupOperations, backupRootFields } from "./backup-schema.ts";
import type { Config } from "../config/index.ts";
import type { GraphQLContext, GraphQLLimits, SearchUseCases } from "./context.ts";
import type { ErrorLogger } from "./errors.ts";
import { type ExecutionSource, type GraphQLRequest, GraphQLExecutor } from "./execute.ts";
import { parseWithLimits } from "./limits.ts";
import type { GraphQLPlugin } from "./plugins.ts";
import type { SchemaRegistry } from "./registry.ts";
import { type TenantOperations, tenantRootFields } from "./tenant-schema.ts";
import { extractVectorLiterals } from "./vector-literals.ts";
import { createYogaServer, type WeaviateYoga } from "./yoga.ts";

/** Root fields that run while no class exists: backups (a restore starts from nothing) and tenants. */
const adminRootFields = new Set([...backupRootFields, ...tenantRootFields]);

export class GraphQLService {
  readonly yoga: WeaviateYoga;
  private readonly executor: GraphQLExecutor;
  /** The registry's schema and a fresh context, for the executor (made once, not per request). */
  private readonly source: ExecutionSource;
  private readonly limits: GraphQLLimits;
  private readonly queryLimits: Config["graphqlLimits"];

  constructor(
    config: Config,
    private readonly registry: SchemaRegistry,
    private readonly search: SearchUseCases,
    private readonly backups: BackupOperations,
    private readonly tenants: TenantOperations,
    logger: ErrorLogger,
    /** Observers of every POST request and batch item (metrics, when enabled). */
    plugins: readonly GraphQLPlugin[] = [],
  ) {
    this.limits = {
      defaultLimit: config.queryDefaultsLimit,
      defaultLimitGraphql: config.queryDefaultsLimitGraphql,
      maximumResults: config.queryMaximumResults,
      crossReferenceDepth: config.queryCrossReferenceDepthLimit,
    };
    this.queryLimits = config.graphqlLimits;
    this.executor = new GraphQLExecutor(logger, config.graphqlLimits, plugins);
    this.source = { schema: () => this.registry.current().schema, context: () => this.context() };
    this.yoga = createYogaServer(registry, () => this.context(), logger, config.graphqlLimits);
  }

  /**
   * Whether a request may run: Weaviate has no GraphQL provider while no collection exists (§6.1),
   * so then only requests using nothing but the backup and tenant fields (mutations, backup and
   * tenant queries) run; the tenant fields answer the use case's errors then (no such class).
   */
  accepts(query: string): boolean {
    if (this.registry.current().collections.size > 0) return true;
    let document: DocumentNode;
    try {
      document = parseWithLimits(query, this.queryLimits);
    } catch {
      return false;
    }
    return document.definitions.every(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION &&
        (definition.operation === "mutation" ||
          ((definition.operation === "query" || definition.operation === "subscription") &&
            definition.selectionSet.selections.every(
              (selection) => selection.kind === Kind.FIELD && adminRootFields.has(selection.name.value),
            ))),
    );
  }

  /**
   * The mutation root fields a request would run, for authorization: those of the operation
   * `operationName` names, or of every mutation when it names none (a document with several
   * operations and no name does not run at all). A fragment spread at the root counts as
   * "mutation". A document that does not parse runs nothing: []. Parsed as execute() parses it,
   * vector literals cut out and the token limit applied, so the answer is about what would run.
   */
  mutations(query: string, operationName?: string | null): string[] {
    let document: DocumentNode;
    try {
      document = parseWithLimits(extractVectorLiterals(query).query, this.queryLimits);
    } catch {
      return [];
    }
    return document.definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      definition.operation === "mutation" &&
      (!operationName || definition.name?.value === operationName)
        ? definition.selectionSet.selections.map((selection) =>
            selection.kind === Kind.FIELD ? selection.name.value : "mutation",
          )
        : [],
    );
  }

  /** Per request: DataLoaders must not outlive one query. */
  private context(): GraphQLContext {
    const { collections } = this.registry.current();
    const collection = (className: string) => collections.get(className.toLowerCase());
    return {
      search: this.search,
      backups: this.backups,
      tenants: this.tenants,
      references: this.search.referenceResolver(collection),
      limits: this.limits,
      collection,
    };
  }

  /** Runs one request; callers check accepts() first. */
  execute(request: GraphQLRequest): Promise<ExecutionResult> {
    return this.executor.run(request, this.source);
  }
}
