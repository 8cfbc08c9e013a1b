/**
 * The POST /v1/graphql pipeline: parse, validate, execute, with the work that does not depend on
 * a request's values cached. Vector literals are cut out of the query text first
 * (vector-literals.ts), so queries that differ only in their vectors share one parsed document
 * and one validation result; each request executes its own copy of the document with its vectors
 * put back at the placeholders. This is graphql-js directly: Yoga's per-request machinery (a Fetch
 * Request and Response, abort signals, plugin hooks) cost about three times the execution itself
 * on a nearVector query; Yoga keeps serving GraphiQL. Plugins (plugins.ts) observe each request.
 */
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  Source,
  specifiedRules,
  type ValidationRule,
  validate,
} from "graphql";
import type { GraphQLContext } from "./context.ts";
import { type ErrorLogger, renderError } from "./errors.ts";
import { limitRules, parseWithLimits, type QueryLimits } from "./limits.ts";
import type { GraphQLPlugin } from "./plugins.ts";
import {
  type ExtractedQuery,
  extractVectorLiterals,
  type PlaceholderSites,
  placeholderSites,
  withVectors,
} from "./vector-literals.ts";

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/**
 * Where a request's schema and context come from, asked once per request as it starts (so the
 * time plugins see includes a schema rebuild after a collection changed).
 */
export interface ExecutionSource {
  schema(): GraphQLSchema;
  context(): GraphQLContext;
}

/** A parsed, literal-free document and where its vector placeholders are. */
interface PreparedDocument {
  document: DocumentNode;
  sites: PlaceholderSites;
}

/** Least-recently-used cache of prepared documents (or the syntax error), by query text. */
class DocumentCache {
  private readonly entries = new Map<string, PreparedDocument | GraphQLError>();

  constructor(
    private readonly capacity: number,
    private readonly limits: QueryLimits,
  ) {}

  get(query: string): PreparedDocument | GraphQLError {
    const cached = this.entries.get(query);
    if (cached) {
      this.entries.delete(query);
      this.entries.set(query, cached);
      return cached;
    }
    let parsed: PreparedDocument | GraphQLError;
    try {
      const document = parseWithLimits(query, this.limits);
      parsed = { document, sites: placeholderSites(document) };
    } catch (error) {
      parsed = error as GraphQLError;
    }
    this.entries.set(query, parsed);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }
}

/** An error's positions in the client's own query text, not the rewritten one. */
function relocate(error: GraphQLError, original: string, extracted: ExtractedQuery): GraphQLError {
  if (extracted.vectors.length === 0 || !error.positions) return error;
  return new GraphQLError(error.message, {
    source: new Source(original),
    positions: error.positions.map((position) => extracted.originalPosition(position)),
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/** An empty stand-in vector: validation looks at where vectors are, not at their numbers. */
const NO_NUMBERS: number[] = [];

/** The lean POST path: cached parse and validation, each request's own vectors, plugins told of each request. */
export class GraphQLExecutor {
  private readonly documents: DocumentCache;
  /** graphql-js's rules plus the depth and alias limits (limits.ts). */
  private readonly rules: readonly ValidationRule[];
  /**
   * Validation depends only on the schema, the document and which placeholders have a vector
   * (all of them, unless a client wrote placeholder text itself): keyed by the last two.
   */
  private readonly validations = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<number, readonly GraphQLError[]>>>();

  constructor(
    private readonly logger: ErrorLogger,
    limits: QueryLimits,
    private readonly plugins: readonly GraphQLPlugin[] = [],
  ) {
    this.documents = new DocumentCache(1000, limits);
    this.rules = [...specifiedRules, ...limitRules(limits)];
  }

  private validated(schema: GraphQLSchema, prepared: PreparedDocument, vectorCount: number): readonly GraphQLError[] {
    let bySchema = this.validations.get(schema);
    if (!bySchema) {
      bySchema = new WeakMap();
      this.validations.set(schema, bySchema);
    }
    let byCount = bySchema.get(prepared.document);
    if (!byCount) {
      byCount = new Map();
      bySchema.set(prepared.document, byCount);
    }
    // Placeholders numbered past the vectors stay uncarried: the count that matters is capped.
    const carried = Math.min(vectorCount, prepared.sites.count);
    let errors = byCount.get(carried);
    if (!errors) {
      const standIns = new Array<number[]>(carried).fill(NO_NUMBERS);
      errors = validate(schema, withVectors(prepared.document, prepared.sites, standIns), this.rules);
      byCount.set(carried, errors);
    }
    return errors;
  }

  /** Runs one request against the source's current schema; the result is ready for JSON.stringify. */
  async run(request: GraphQLRequest, source: ExecutionSource): Promise<ExecutionResult> {
    if (this.plugins.length === 0) return this.runExtracted(request, extractVectorLiterals(request.query), source);
    const started = performance.now();
    const extracted = extractVectorLiterals(request.query);
    let result: ExecutionResult | undefined;
    try {
      result = await this.runExtracted(request, extracted, source);
      return result;
    } finally {
      const event = { request, literalFreeQuery: extracted.query, seconds: (performance.now() - started) / 1000, result };
      for (const plugin of this.plugins) plugin.onOperation(event);
    }
  }

  private async runExtracted(request: GraphQLRequest, extracted: ExtractedQuery, source: ExecutionSource): Promise<ExecutionResult> {
    const schema = source.schema();
    const context = source.context();
    const located = (error: GraphQLError) => relocate(renderError(error, this.logger), request.query, extracted);
    const prepared = this.documents.get(extracted.query);
    if (!("sites" in prepared)) return { errors: [located(prepared)] };
    const invalid = this.validated(schema, prepared, extracted.vectors.length);
    if (invalid.length > 0) return { errors: invalid.map(located) };
    const result = await execute({
      schema,
      document: withVectors(prepared.document, prepared.sites, extracted.vectors),
      contextValue: context,
      variableValues: request.variables ?? undefined,
      operationName: request.operationName ?? undefined,
    });
    return result.errors ? { ...result, errors: result.errors.map(located) } : result;
  }
}
