/** Collections ("schema") endpoints of reference §2. */
import type { FastifyInstance } from "fastify";
import { notFoundSilent, unprocessable } from "../../errors/index.ts";
import type { HttpDeps } from "../context.ts";

type ClassParams = { Params: { className: string } };
type ShardParams = { Params: { className: string; shardName: string } };

export function schemaRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { collections } = deps;

  app.get("/v1/schema", async () => ({ classes: collections.list() }));

  app.post("/v1/schema", async (request) => {
    const body = request.body as { class?: unknown; classes?: unknown } | undefined;
    // Extension: the seeds post a whole schema.json ({"classes": [...]}) here.
    if (body && typeof body === "object" && body.class === undefined && Array.isArray(body.classes)) {
      return { classes: await collections.createMany(body.classes) };
    }
    return collections.create(request.body);
  });

  app.get<ClassParams>("/v1/schema/:className", async (request) => {
    const collection = collections.get(request.params.className);
    if (!collection) throw notFoundSilent("class");
    return collection;
  });

  app.put<ClassParams>("/v1/schema/:className", async (request) => {
    const updated = await collections.update(request.params.className, request.body);
    if (!updated) throw notFoundSilent("class");
    return updated;
  });

  app.delete<ClassParams>("/v1/schema/:className", async (request, reply) => {
    await collections.delete(request.params.className);
    return reply.status(200).send();
  });

  app.post<ClassParams>("/v1/schema/:className/properties", async (request) =>
    collections.addProperty(request.params.className, request.body),
  );

  app.get<ClassParams>("/v1/schema/:className/shards", async (request) => {
    const shards = collections.shards(request.params.className);
    if (!shards) throw notFoundSilent("class");
    return shards.map((shard) => ({ name: shard.name, status: shard.status, vectorQueueSize: 0 }));
  });

  app.put<ShardParams>("/v1/schema/:className/shards/:shardName", async (request) => {
    const status = (request.body as { status?: unknown } | null | undefined)?.status ?? "";
    if (typeof status !== "string") throw unprocessable("status must be a string");
    await collections.updateShardStatus(request.params.className, request.params.shardName, status);
    // Weaviate echoes the request, so the status comes back as it was sent.
    return { status };
  });
}
