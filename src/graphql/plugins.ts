/**
 * Plugins of the lean POST executor (execute.ts): observers told about every request it ran, once
 * it has its answer. The GraphQL layer declares what it tells; others (metrics) implement
 * GraphQLPlugin and are handed to GraphQLService by whoever wires the app. A plugin observes: it
 * cannot change a request or its result, and it runs after the answer is ready, not in between.
 */
import type { ExecutionResult } from "graphql";
import type { GraphQLRequest } from "./execute.ts";

/** One request as the executor ran it. */
export interface OperationEvent {
  readonly request: GraphQLRequest;
  /** The query text as it was parsed: vector literals cut out (vector-literals.ts). */
  readonly literalFreeQuery: string;
  /** From the request's arrival at the executor (before the schema is looked up) to its answer. */
  readonly seconds: number;
  /** undefined when running the request threw. */
  readonly result: ExecutionResult | undefined;
}

/** A plugin of the executor; `onOperation` runs once per request, synchronously. */
export interface GraphQLPlugin {
  onOperation(event: OperationEvent): void;
}
