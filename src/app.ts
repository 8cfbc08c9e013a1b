/**
 * Wires the service together and owns its lifecycle: listen (probes answer 503 meanwhile), open
 * storage, mark ready; `stop()` stops accepting, lets in-flight requests finish, saves vector
 * indexes and closes RocksDB, in that order. main.ts and the tests both start the service here.
 */
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { CollectionService } from "./collections/index.ts";
import type { Config } from "./config/index.ts";
import { GraphQLService, SchemaRegistry } from "./graphql/index.ts";
import { wireBackups } from "./backup-wiring.ts";
import type { HttpDeps } from "./http/context.ts";
import { buildServer } from "./http/server.ts";
import { ObjectService } from "./objects/index.ts";
import { SearchService } from "./search/index.ts";
import { ShardRegistry } from "./shards/index.ts";
import { SchemaFile } from "./storage/index.ts";

/** The Weaviate version we report: modern enough for the official clients' current paths. */
export const WEAVIATE_VERSION = "1.32.0";

export interface RunningApp {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  http: FastifyInstance;
  collections: CollectionService;
  /** Exposed for tests that exercise the search primitive directly. */
  shards: ShardRegistry;
  stop(): Promise<void>;
}

/** Modules this build implements; other ENABLE_MODULES entries are accepted and ignored. */
const implementedModules: readonly string[] = ["backup-filesystem", "backup-s3"];

/**
 * Builds every service and the HTTP server's dependencies, with storage not yet open and the
 * readiness flag down (startApp opens storage; tests use this to see the not-ready state).
 */
export function wireServices(config: Config, logger: Logger) {
  const readiness = { ready: false };
  const shards = new ShardRegistry(config.dataPath, logger);
  const collections = new CollectionService(new SchemaFile(config.dataPath), shards, {
    defaultDistance: config.defaultVectorDistance,
    defaultVectorizer: config.defaultVectorizer,
  });
  const search = new SearchService(collections, {
    // Tenants get their own shards in issue 5; until then a tenant names no shard.
    shardsFor: (className, tenant) => (tenant === undefined ? shards.shardsOf(className) : []),
  });
  const objects = new ObjectService({ config, collections, shards, matcher: search });
  const registry = new SchemaRegistry(collections);
  const backups = wireBackups(config, collections, shards, logger, WEAVIATE_VERSION);
  const graphql = new GraphQLService(config, registry, search, backups.coordinator, logger);
  const deps: HttpDeps = {
    config,
    collections,
    objects,
    readiness,
    version: WEAVIATE_VERSION,
    graphql,
    backups: backups.coordinator,
  };
  return { shards, collections, deps, backupLog: backups.log };
}

export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const ignored = config.enabledModules.filter((name) => !implementedModules.includes(name));
  if (ignored.length > 0) {
    logger.warn({ modules: ignored }, "ENABLE_MODULES names modules this server does not implement; ignored");
  }
  const { shards, collections, deps, backupLog } = wireServices(config, logger);
  const { readiness } = deps;
  const http = buildServer(deps, logger);

  await http.listen({ host: config.host, port: config.port });
  const address = http.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  await collections.load();
  await shards.openAll(collections.list());
  await backupLog.load();
  shards.startPeriodicSave(config.vectorIndexSaveIntervalSeconds);
  readiness.ready = true;
  logger.info({ host: config.host, port, data: config.dataPath }, "ready");

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      readiness.ready = false;
      await http.close();
      await shards.closeAll();
      logger.info("storage closed");
    })();
    return stopped;
  };
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}`, port, http, collections, shards, stop };
}
