/**
 * grpc.health.v1.Health: SERVING while the service is ready (the same flag as
 * /v1/.well-known/ready), NOT_SERVING while it starts or stops. weaviate-client v3 calls Check
 * when it connects and refuses to go on without SERVING. Watch answers the current state and
 * then each change, until the caller leaves.
 */
import type { CallContext } from "nice-grpc";
import {
  type HealthCheckResponse,
  HealthCheckResponse_ServingStatus as Serving,
  type HealthServiceImplementation,
} from "./generated/grpc/health/v1/health.ts";

export interface Readiness {
  readonly ready: boolean;
}

const WATCH_POLL_MS = 1000;

export function healthService(readiness: Readiness): HealthServiceImplementation {
  const now = (): HealthCheckResponse => ({ status: readiness.ready ? Serving.SERVING : Serving.NOT_SERVING });
  return {
    async check() {
      return now();
    },
    async *watch(_request, context: CallContext) {
      let last = now();
      yield last;
      while (!context.signal.aborted) {
        await new Promise((resolve) => setTimeout(resolve, WATCH_POLL_MS));
        const next = now();
        if (next.status === last.status) continue;
        last = next;
        yield next;
      }
    },
  };
}
