/**
 * Prometheus metrics (PROMETHEUS_MONITORING_ENABLED): the registry and its metrics, what feeds
 * them (an HTTP hook, a plugin of the GraphQL executor, the backup port) and the `/metrics` server.
 * Nothing here runs unless the app creates it.
 */
import type { FastifyInstance } from "fastify";
import type { ExecutionResult } from "graphql";
import { OperationSummaries } from "./graphql.ts";
import type { Metrics } from "./metrics.ts";

export { Metrics, type MetricsSources, TENANT_STATES } from "./metrics.ts";
export { type MetricsServer, serveMetrics } from "./server.ts";

/**
 * Times every request by its route pattern (`/v1/objects/:className/:id`, not the URL, so the
 * label set stays bounded; requests no route matched are `unmatched`).
 */
export function instrumentHttp(app: FastifyInstance, metrics: Metrics): void {
  app.addHook("onResponse", async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? "unmatched", status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}

/** A GraphQL request, as far as metrics read it. */
export interface GraphQLRequestLike {
  query: string;
  operationName?: string | null | undefined;
}

/** One GraphQL request as the executor reports it to its plugins (what metrics read of it). */
export interface ObservedOperation {
  request: GraphQLRequestLike;
  /** The query text with its vector literals cut out, as the executor parsed it. */
  literalFreeQuery: string;
  seconds: number;
  /** undefined when the request threw. */
  result: ExecutionResult | undefined;
}

/**
 * A plugin of the GraphQL executor (every POST /v1/graphql and batch item goes through it) that
 * counts and times requests per operation type and root field.
 */
export function useGraphQLMetrics(metrics: Metrics): { onOperation(operation: ObservedOperation): void } {
  const summaries = new OperationSummaries();
  return {
    onOperation: ({ request, literalFreeQuery, seconds, result }) =>
      metrics.graphqlRequest(summaries.summariseLiteralFree(literalFreeQuery, request.operationName), seconds, result),
  };
}
