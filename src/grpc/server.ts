/**
 * The gRPC listener beside HTTP (GRPC_PORT, default 50051, on HOST): grpc.health.v1.Health and
 * weaviate.v1.Weaviate, as today's official clients (weaviate-client v3, the Python client v4)
 * call them. Every call passes the error middleware (AppError codes → gRPC statuses, errors.ts)
 * and the same authentication and admin list as REST (auth.ts). Messages larger than
 * GRPC_MAX_MESSAGE_SIZE are refused by the library with RESOURCE_EXHAUSTED, both ways.
 */
import { createServer, type ServerMiddleware, ServerError, Status } from "nice-grpc";
import type { Config } from "../config/index.ts";
import { type Aggregator, aggregate } from "./aggregate.ts";
import { authMiddleware } from "./auth.ts";
import type { Collection } from "../domain/index.ts";
import { batchDelete, type ObjectDeleter } from "./batch-delete.ts";
import { batchObjects, type ObjectBatcher } from "./batch-objects.ts";
import { batchReferences, type ReferenceBatcher } from "./batch-references.ts";
import { type GrpcErrorLogger, grpcErrorOf } from "./errors.ts";
import { HealthDefinition } from "./generated/grpc/health/v1/health.ts";
import { WeaviateDefinition, type WeaviateServiceImplementation } from "./generated/v1/weaviate.ts";
import { healthService, type Readiness } from "./health.ts";
import { type Searcher, search } from "./search.ts";
import { type TenantLister, tenantsGet } from "./tenants.ts";

export interface GrpcLogger extends GrpcErrorLogger {
  debug(object: Record<string, unknown>, message: string): void;
}

export interface GrpcDeps {
  config: Pick<Config, "host" | "grpcPort" | "grpcMaxMessageSize" | "auth" | "queryDefaultsLimit" | "queryMaximumResults">;
  readiness: Readiness;
  tenants: TenantLister;
  objects: ObjectBatcher & ReferenceBatcher & ObjectDeleter;
  search: Searcher & Aggregator;
  collections: { get(name: string): Collection | undefined };
  logger: GrpcLogger;
}

export interface RunningGrpc {
  /** The bound port (GRPC_PORT, or the one the OS chose for 0). */
  port: number;
  /** Stops accepting calls, lets running ones finish (at most `graceMs`), then closes. */
  stop(graceMs?: number): Promise<void>;
}

/** Turns every failure into a gRPC status and logs each call at debug level. */
function errorMiddleware(logger: GrpcLogger): ServerMiddleware {
  return async function* answer(call, context) {
    const started = performance.now();
    try {
      return yield* call.next(call.request, context);
    } catch (error) {
      const failure = grpcErrorOf(error, call.method.path, logger);
      logger.debug({ method: call.method.path, code: Status[failure.code], ms: performance.now() - started }, "grpc call failed");
      throw failure;
    }
  };
}

const unimplemented = (method: string) => () => {
  throw new ServerError(Status.UNIMPLEMENTED, `${method} is not served by this server`);
};

function weaviateService(deps: GrpcDeps): WeaviateServiceImplementation {
  const collections = (name: string) => deps.collections.get(name);
  const limits = { defaultLimit: deps.config.queryDefaultsLimit, maximumResults: deps.config.queryMaximumResults };
  return {
    tenantsGet: async (request) => tenantsGet(deps.tenants, request, performance.now()),
    search: async (request) => search(deps.search, collections, limits, request, performance.now()),
    batchObjects: async (request) => batchObjects(deps.objects, request, performance.now()),
    batchReferences: async (request) => batchReferences(deps.objects, request, performance.now()),
    batchDelete: async (request) => batchDelete(deps.objects, collections, request, performance.now()),
    aggregate: async (request) => aggregate(deps.search, collections, request, performance.now()),
    // The clients use BatchStream only from Weaviate 1.36; we report 1.32.
    batchStream: unimplemented("BatchStream"),
  };
}

export async function startGrpcServer(deps: GrpcDeps): Promise<RunningGrpc> {
  const { config } = deps;
  const server = createServer({
    "grpc.max_receive_message_length": config.grpcMaxMessageSize,
    "grpc.max_send_message_length": config.grpcMaxMessageSize,
  })
    .use(errorMiddleware(deps.logger))
    .use(authMiddleware(config.auth));
  server.add(HealthDefinition, healthService(deps.readiness));
  server.add(WeaviateDefinition, weaviateService(deps));
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const port = await server.listen(`${host}:${config.grpcPort}`);
  return {
    port,
    stop: async (graceMs = 10_000) => {
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
      });
      await Promise.race([server.shutdown(), forced]);
      clearTimeout(timer);
    },
  };
}
