/**
 * Wires the service together and owns its lifecycle: listen (probes answer 503 meanwhile), open
 * storage, mark ready; `stop()` cancels a running backup or restore, stops accepting, lets
 * in-flight requests finish, saves vector indexes and closes RocksDB, in that order. With
 * PROMETHEUS_MONITORING_ENABLED, `/metrics` is served on its own port from listen to stop.
 * main.ts and the tests both start the service here.
 */
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { CollectionService } from "./collections/index.ts";
import type { Config } from "./config/index.ts";
import { tenantStatusNames } from "./domain/index.ts";
import { GraphQLService, SchemaRegistry } from "./graphql/index.ts";
import { wireBackups } from "./backup-wiring.ts";
import type { HttpDeps } from "./http/context.ts";
import { buildServer } from "./http/server.ts";
import { instrumentHttp, Metrics, type MetricsServer, serveMetrics, useGraphQLMetrics } from "./metrics/index.ts";
import { startGrpcServer } from "./grpc/index.ts";
import { gitHashOf } from "./lib/index.ts";
import { NodesService } from "./nodes/index.ts";
import { ObjectService } from "./objects/index.ts";
import { createOffloadStore } from "./offload-s3/index.ts";
import { ShardRouter } from "./routing/index.ts";
import { SearchService } from "./search/index.ts";
import { ShardRegistry } from "./shards/index.ts";
import { SchemaFile, TenantFiles } from "./storage/index.ts";
import { TenantService } from "./tenants/index.ts";

/** The Weaviate version we report: modern enough for the official clients' current paths. */
export const WEAVIATE_VERSION = "1.32.0";

export interface RunningApp {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  /** The gRPC listener's bound port. */
  grpcPort: number;
  http: FastifyInstance;
  collections: CollectionService;
  /** Exposed for tests that exercise the search primitive directly. */
  shards: ShardRegistry;
  tenants: TenantService<unknown>;
  /** The bound port of the `/metrics` server; undefined when PROMETHEUS_MONITORING_ENABLED is off. */
  metricsPort: number | undefined;
  stop(): Promise<void>;
}

/** The checkout's commit, reported by /v1/nodes as Weaviate reports its build's. */
const GIT_HASH = gitHashOf(new URL("..", import.meta.url).pathname);

/** Modules this build implements; other ENABLE_MODULES entries are accepted and ignored. */
const implementedModules: readonly string[] = ["backup-filesystem", "backup-s3", "offload-s3"];

/**
 * Builds every service and the HTTP server's dependencies, with storage not yet open and the
 * readiness flag down (startApp opens storage; tests use this to see the not-ready state).
 */
export function wireServices(config: Config, logger: Logger) {
  const readiness = { ready: false };
  const shards = new ShardRegistry(config.dataPath, logger);
  // Weaviate drops body keys its models do not know; so do we, noting them for whoever debugs.
  const ignoredKeys = (where: string, keys: string[]) => logger.debug({ where, keys }, "unknown keys in the request body ignored");
  const collections = new CollectionService(
    new SchemaFile(config.dataPath),
    shards,
    { defaultDistance: config.defaultVectorDistance, defaultVectorizer: config.defaultVectorizer },
    ignoredKeys,
  );
  const offloadStore = config.offload ? createOffloadStore(config.offload) : undefined;
  const tenants = new TenantService({
    catalog: collections,
    lists: new TenantFiles(config.dataPath),
    shards,
    offload: offloadStore,
    logger,
  });
  collections.onChange((change) => {
    if (change.kind !== "deleted") return;
    tenants.dropCollection(change.className).catch((error: unknown) => {
      logger.error({ collection: change.className, err: error }, "removing the tenants of a deleted collection failed");
    });
  });
  const router = new ShardRouter(tenants, shards);
  const search = new SearchService(
    collections,
    {
      shardsFor: (collection, tenant) => router.searchShards(collection, tenant),
      shardsOf: (className) => shards.shardsOf(className),
    },
    { hybridCandidates: config.queryHybridMaximumResults },
  );
  const objects = new ObjectService({
    config,
    collections,
    shards: { shardFor: (collection, tenant, intent) => router.store(collection, tenant, intent) },
    matcher: search,
  });
  const registry = new SchemaRegistry(collections);
  const metrics = config.metrics.enabled
    ? new Metrics({
        collections,
        shardsOf: (className) => shards.shardsOf(className),
        tenantStates: (className) => tenants.list(className).map((tenant) => tenantStatusNames[tenant.activityStatus]),
      })
    : undefined;
  const backups = wireBackups(config, collections, shards, router, tenants, logger, WEAVIATE_VERSION, metrics && {
    finished: (event) => metrics.backupFinished(event),
  });
  const graphqlPlugins = metrics ? [useGraphQLMetrics(metrics)] : [];
  const graphql = new GraphQLService(config, registry, search, backups.coordinator, tenants, logger, graphqlPlugins);
  const nodes = new NodesService(
    collections,
    {
      shardsOf: (className) =>
        shards.shardsOf(className).map((shard) => ({ name: shard.name, objectCount: shard.objectCount, status: shard.status })),
    },
    { name: config.clusterHostname, version: WEAVIATE_VERSION, gitHash: GIT_HASH },
  );
  const deps: HttpDeps = {
    config,
    collections,
    objects,
    readiness,
    version: WEAVIATE_VERSION,
    graphql,
    backups: backups.coordinator,
    tenants,
    nodes,
  };
  return { shards, collections, tenants, offloadStore, deps, search, backupLog: backups.log, metrics };
}

export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const ignored = config.enabledModules.filter((name) => !implementedModules.includes(name));
  if (ignored.length > 0) {
    logger.warn({ modules: ignored }, "ENABLE_MODULES names modules this server does not implement; ignored");
  }
  const { shards, collections, tenants, offloadStore, deps, search, backupLog, metrics } = wireServices(config, logger);
  const { readiness } = deps;
  const http = buildServer(deps, logger);
  if (metrics) instrumentHttp(http, metrics);

  await http.listen({ host: config.host, port: config.port });
  const address = http.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  // Listening before storage is open: the health service answers NOT_SERVING until ready.
  const grpc = await startGrpcServer({
    config,
    readiness,
    tenants: deps.tenants,
    objects: deps.objects,
    search,
    collections,
    logger,
  });
  let metricsServer: MetricsServer | undefined;
  if (metrics) metricsServer = await serveMetrics(metrics.registry, config.host, config.metrics.port);
  await collections.load();
  await shards.openAll(collections.list());
  await tenants.load();
  await backupLog.load();
  shards.startPeriodicSave(config.vectorIndexSaveIntervalSeconds);
  readiness.ready = true;
  logger.info(
    { host: config.host, port, grpcPort: grpc.port, metricsPort: metricsServer?.port, data: config.dataPath },
    "ready",
  );

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      readiness.ready = false;
      // A running backup or restore is canceled (CANCELED "... due to node shutdown", its data
      // removed) first: its progress subscriptions are requests http.close() would wait for.
      await deps.backups.shutdown();
      await grpc.stop();
      await http.close();
      await tenants.settled();
      await shards.closeAll();
      offloadStore?.destroy();
      await metricsServer?.close();
      logger.info("storage closed");
    })();
    return stopped;
  };
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    grpcPort: grpc.port,
    http,
    collections,
    shards,
    tenants,
    metricsPort: metricsServer?.port,
    stop,
  };
}
