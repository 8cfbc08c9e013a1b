/**
 * The HTTP server: fastify with Weaviate's error shape, JSON bodies with a size limit, and the
 * REST routes. Until storage is open (and again while shutting down) only the probes and
 * /v1/meta answer; everything else gets 503.
 */
import cors from "@fastify/cors";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Logger } from "pino";
import { AppError } from "../errors/index.ts";
import { registerAuth } from "./auth.ts";
import { registerJsonParser } from "./body.ts";
import type { HttpDeps } from "./context.ts";
import { handleError, sendAppError } from "./errors.ts";
import { REQUEST_ID_HEADER, requestIdFor } from "./logging.ts";
import { backupRoutes } from "./routes/backups.ts";
import { batchRoutes } from "./routes/batch.ts";
import { graphqlRoutes } from "./routes/graphql.ts";
import { metaRoutes } from "./routes/meta.ts";
import { nodeRoutes } from "./routes/nodes.ts";
import { objectRoutes } from "./routes/objects.ts";
import { schemaRoutes } from "./routes/schema.ts";
import { tenantRoutes } from "./routes/tenants.ts";

const alwaysOpen = new Set(["/v1/.well-known/live", "/v1/.well-known/ready", "/v1/meta", "/v1", "/"]);

/** Every server's routes as registered (pattern and method), for tests that walk them all. */
const routeLists = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** The routes of a server built by buildServer: one entry per method and path pattern. */
export function registeredRoutes(app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> {
  return routeLists.get(app) ?? [];
}

/**
 * Remembers every route's path pattern and methods, so a request for a known path with another
 * method can be answered 405 (as Weaviate does) instead of 404. Fastify's router only tells us
 * "no match".
 */
function routeTable(app: FastifyInstance): (path: string) => string[] {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  const list: Array<{ method: string; url: string }> = [];
  routeLists.set(app, list);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) list.push({ method, url: route.url });
    const source = route.url
      .split("/")
      .map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    routes.push({ pattern: new RegExp(`^${source}/?$`), methods: [route.method].flat() });
  });
  return (path) => [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
}

export function buildServer(deps: HttpDeps, logger: Logger): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: deps.config.requestBodyLimitBytes,
    // Requests are logged once, at debug level, by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: true },
    // HEAD routes are declared explicitly where Weaviate has them (objects, tenants).
    exposeHeadRoutes: false,
    // X-Request-Id: the client's when sane, else generated; bound to request.log as reqId.
    genReqId: requestIdFor,
  });
  app.addHook("onRequest", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  registerJsonParser(app);
  // Frontends call from other origins: CORS on every route, preflights answered (Weaviate
  // allows any origin by default; CORS_ALLOW_ORIGIN narrows it).
  const origins = deps.config.corsAllowOrigin;
  app.register(cors, {
    origin: origins.includes("*") ? "*" : [...origins],
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    maxAge: 86_400,
  });
  app.setErrorHandler(handleError);
  const allowedMethods = routeTable(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const allowed = allowedMethods(path);
    if (allowed.length > 0) {
      reply.header("allow", allowed.join(", "));
      return sendAppError(
        reply,
        new AppError("METHOD_NOT_ALLOWED", `method ${request.method} is not allowed, but [${allowed.join(",")}] are`),
      );
    }
    return sendAppError(reply, new AppError("NOT_FOUND", `path ${path} was not found`));
  });
  app.addHook("onRequest", async (request) => {
    const path = request.url.split("?")[0] ?? "";
    if (!deps.readiness.ready && !alwaysOpen.has(path)) {
      throw new AppError("NOT_READY", "the server is starting up or shutting down");
    }
  });
  // While not ready (shutting down: requests in flight finish), replies close their keep-alive
  // connection, which would otherwise hold the server's close open until it timed out.
  app.addHook("onSend", async (_request, reply) => {
    if (!deps.readiness.ready) reply.header("connection", "close");
  });
  registerAuth(app, { auth: deps.config.auth, graphql: deps.graphql });
  app.addHook("onResponse", async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime },
      "request",
    );
  });
  metaRoutes(app, deps);
  nodeRoutes(app, deps);
  schemaRoutes(app, deps);
  objectRoutes(app, deps);
  batchRoutes(app, deps);
  graphqlRoutes(app, deps);
  backupRoutes(app, deps);
  tenantRoutes(app, deps);
  return app;
}
