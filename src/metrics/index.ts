/**
 * Prometheus metrics (PROMETHEUS_MONITORING_ENABLED): the registry and its metrics, the hooks
 * that feed them (HTTP requests, GraphQL requests, the backup port) and the `/metrics` server.
 * Nothing here runs unless the app creates it.
 */
import type { FastifyInstance } from "fastify";
import type { ExecutionResult } from "graphql";
import { OperationSummaries } from "./graphql.ts";
import type { GraphQLRequestLike, Metrics } from "./metrics.ts";

export { type GraphQLRequestLike, Metrics, type MetricsSources, TENANT_STATES } from "./metrics.ts";
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

/** Anything with the GraphQL entry point's shape: `execute(request, ...)` → an ExecutionResult. */
export interface GraphQLEntryPoint<R extends GraphQLRequestLike> {
  execute(request: R, ...rest: never[]): Promise<ExecutionResult>;
}

/**
 * Wraps `service.execute` (every POST /v1/graphql and batch item goes through it) to count and
 * time requests per operation type and root field.
 */
export function instrumentGraphQL<R extends GraphQLRequestLike>(service: GraphQLEntryPoint<R>, metrics: Metrics): void {
  const summaries = new OperationSummaries();
  const execute = service.execute.bind(service);
  service.execute = async (request: R, ...rest: never[]) => {
    const started = performance.now();
    let result: ExecutionResult | undefined;
    try {
      result = await execute(request, ...rest);
      return result;
    } finally {
      metrics.graphqlRequest(summaries, request, (performance.now() - started) / 1000, result);
    }
  };
}
