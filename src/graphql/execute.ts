/**
 * The POST /v1/graphql pipeline: parse, validate, execute, with the work that does not depend on
 * a request's values cached. Vector literals are cut out of the query text first
 * (vector-literals.ts), so queries that differ only in their vectors share one parsed document
 * and one validation result. This is graphql-js directly: Yoga's per-request machinery (a Fetch
 * Request and Response, abort signals, plugin hooks) cost about three times the execution itself
 * on a nearVector query; Yoga keeps serving GraphiQL.
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
import { type ExtractedQuery, extractVectorLiterals, withVectorLiterals } from "./vector-literals.ts";

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** Least-recently-used cache of parsed documents (or the syntax error), by query text. */
class DocumentCache {
  private readonly entries = new Map<string, DocumentNode | GraphQLError>();

  constructor(
    private readonly capacity: number,
    private readonly limits: QueryLimits,
  ) {}

  get(query: string): DocumentNode | GraphQLError {
    const cached = this.entries.get(query);
    if (cached) {
      this.entries.delete(query);
      this.entries.set(query, cached);
      return cached;
    }
    let parsed: DocumentNode | GraphQLError;
    try {
      parsed = parseWithLimits(query, this.limits);
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

export class GraphQLExecutor {
  private readonly documents: DocumentCache;
  /** graphql-js's rules plus the depth and alias limits (limits.ts). */
  private readonly rules: readonly ValidationRule[];
  /** Validation depends only on the schema and the document. */
  private readonly validations = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly GraphQLError[]>>();

  constructor(
    private readonly logger: ErrorLogger,
    limits: QueryLimits,
  ) {
    this.documents = new DocumentCache(1000, limits);
    this.rules = [...specifiedRules, ...limitRules(limits)];
  }

  private validated(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
    let bySchema = this.validations.get(schema);
    if (!bySchema) {
      bySchema = new WeakMap();
      this.validations.set(schema, bySchema);
    }
    let errors = bySchema.get(document);
    if (!errors) {
      errors = validate(schema, document, this.rules);
      bySchema.set(document, errors);
    }
    return errors;
  }

  /** Runs one request against `schema`; the result is ready for JSON.stringify. */
  async run(schema: GraphQLSchema, request: GraphQLRequest, context: GraphQLContext): Promise<ExecutionResult> {
    const extracted = extractVectorLiterals(request.query);
    const located = (error: GraphQLError) => relocate(renderError(error, this.logger), request.query, extracted);
    const document = this.documents.get(extracted.query);
    if (!("kind" in document)) return { errors: [located(document)] };
    // Validation and the synchronous start of execution read the vectors (vector-literals.ts).
    const started = withVectorLiterals(extracted.vectors, () => {
      const invalid = this.validated(schema, document);
      if (invalid.length > 0) return { errors: invalid };
      return execute({
        schema,
        document,
        contextValue: context,
        variableValues: request.variables ?? undefined,
        operationName: request.operationName ?? undefined,
      });
    });
    const result = await started;
    return result.errors ? { ...result, errors: result.errors.map(located) } : result;
  }
}
