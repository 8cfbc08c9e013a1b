/**
 * The HTTP server: fastify with Weaviate's error shape, JSON bodies with a size limit, and the
 * REST routes. Until storage is open (and again while shutting down) only the probes and
 * /v1/meta answer; everything else gets 503.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Logger } from "pino";
import { AppError } from "../errors/index.ts";
import { registerJsonParser } from "./body.ts";
import type { HttpDeps } from "./context.ts";
import { errorBody, handleError } from "./errors.ts";
import { batchRoutes } from "./routes/batch.ts";
import { metaRoutes } from "./routes/meta.ts";
import { objectRoutes } from "./routes/objects.ts";
import { schemaRoutes } from "./routes/schema.ts";

const alwaysOpen = new Set(["/v1/.well-known/live", "/v1/.well-known/ready", "/v1/meta", "/v1", "/"]);

export function buildServer(deps: HttpDeps, logger: Logger): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: deps.config.requestBodyLimitBytes,
    // Requests are logged once, at debug level, by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: true },
    // HEAD routes are declared explicitly where Weaviate has them (objects, tenants).
    exposeHeadRoutes: false,
  });
  registerJsonParser(app);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody(`path ${request.url.split("?")[0]} was not found`)),
  );
  app.addHook("onRequest", async (request) => {
    const path = request.url.split("?")[0] ?? "";
    if (!deps.readiness.ready && !alwaysOpen.has(path)) {
      throw new AppError("NOT_READY", "the server is starting up or shutting down");
    }
  });
  app.addHook("onResponse", async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime },
      "request",
    );
  });
  metaRoutes(app, deps);
  schemaRoutes(app, deps);
  objectRoutes(app, deps);
  batchRoutes(app, deps);
  return app;
}
