/** Batch endpoints of reference §3.6-3.8. */
import type { FastifyInstance } from "fastify";
import type { HttpDeps } from "../context.ts";
import { renderObject } from "../render.ts";

export function batchRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { objects, collections, config } = deps;

  app.post("/v1/batch/objects", async (request) => {
    const results = await objects.batch(request.body);
    return results.map((item) => {
      if (item.object) {
        const collection = collections.get(item.object.className);
        return {
          ...renderObject(item.object, collection, {
            origin: config.origin,
            // Echoing every vector back doubles the bytes of an import for no client's benefit
            // (they read `result` only), so batch replies leave vectors out.
            withVector: false,
          }),
          deprecations: null,
          result: { status: "SUCCESS" },
        };
      }
      const echoed = item.input !== null && typeof item.input === "object" ? item.input : {};
      return {
        ...echoed,
        deprecations: null,
        result: { status: "FAILED", errors: { error: [{ message: item.error ?? "unknown error" }] } },
      };
    });
  });

  app.delete<{ Querystring: { tenant?: string } }>("/v1/batch/objects", async (request) =>
    objects.batchDelete(request.body, request.query.tenant),
  );

  app.post("/v1/batch/references", async (request) => objects.batchReferences(request.body));
}
