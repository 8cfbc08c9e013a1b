/**
 * GraphQL operations as metrics: each request is summarised as its operation type and root fields
 * (Get, Aggregate, Explore, createBackup, ...), found by parsing the query with its vector
 * literals cut out, by the GraphQL layer's own stripper (vectors cost nothing and queries
 * differing only in them share one cache entry; the executor hands over the text it parsed).
 * Root-field labels come only from requests that passed validation, so they are names the schema
 * has: a client sending made-up fields cannot grow the label set.
 */
import { type DocumentNode, type ExecutionResult, Kind, type OperationDefinitionNode, parse, type SelectionSetNode } from "graphql";
import { extractVectorLiterals } from "../graphql/index.ts";

export type OperationType = "query" | "mutation" | "subscription" | "unknown";

export interface OperationSummary {
  type: OperationType;
  /** Root fields in query order, without duplicates. */
  fields: string[];
  /** Response key (alias or name) → root field name. */
  byKey: Map<string, string>;
}

const CACHE_SIZE = 500;

function rootFields(
  document: DocumentNode,
  selections: SelectionSetNode,
  byKey: Map<string, string>,
  seen: Set<string>,
): void {
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) {
      byKey.set(selection.alias?.value ?? selection.name.value, selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootFields(document, selection.selectionSet, byKey, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find(
        (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) rootFields(document, fragment.selectionSet, byKey, seen);
    }
  }
}

/** Least-recently-used summaries by query text (vector literals cut out) and operation name. */
export class OperationSummaries {
  private readonly cache = new Map<string, OperationSummary>();

  /** The summary of a query as the client sent it. */
  summarise(query: string, operationName?: string | null): OperationSummary {
    return this.summariseLiteralFree(extractVectorLiterals(query).query, operationName);
  }

  /** The summary of a query whose vector literals are already cut out (what the executor parsed). */
  summariseLiteralFree(text: string, operationName?: string | null): OperationSummary {
    const key = `${operationName ?? ""}\u0000${text}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const summary = this.parse(text, operationName);
    this.cache.set(key, summary);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return summary;
  }

  private parse(text: string, operationName?: string | null): OperationSummary {
    let document: DocumentNode;
    try {
      document = parse(text, { noLocation: true });
    } catch {
      return { type: "unknown", fields: [], byKey: new Map() };
    }
    const operations = document.definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const operation = operationName
      ? operations.find((candidate) => candidate.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
    if (!operation) return { type: "unknown", fields: [], byKey: new Map() };
    const byKey = new Map<string, string>();
    rootFields(document, operation.selectionSet, byKey, new Set());
    return { type: operation.operation, fields: [...new Set(byKey.values())], byKey };
  }
}

/** What one request is recorded as: per root field, whether it ended in an error. */
export interface OperationOutcome {
  type: OperationType;
  /** root field (or "none" when nothing was executed) → had an error */
  fields: Map<string, boolean>;
}

/**
 * The outcome of a request. An error without a path (syntax, validation, variables, limits)
 * means nothing ran: recorded under root field "none". Otherwise each error is charged to the
 * root field its path starts at.
 */
export function outcomeOf(summary: OperationSummary, result: ExecutionResult | undefined): OperationOutcome {
  const errors = result?.errors ?? [];
  const executed = result !== undefined && summary.fields.length > 0 && errors.every((error) => error.path?.length);
  if (!executed) return { type: summary.type, fields: new Map([["none", result === undefined || errors.length > 0]]) };
  const fields = new Map(summary.fields.map((field) => [field, false]));
  for (const error of errors) {
    const field = summary.byKey.get(String(error.path![0]));
    if (field !== undefined) fields.set(field, true);
  }
  return { type: summary.type, fields };
}
