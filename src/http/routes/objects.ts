/** Object endpoints of reference §3.2, class-scoped and the deprecated class-less forms. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { badRequest } from "../../errors/index.ts";
import { parseReferenceBody, parseReferenceList } from "../bodies/batch.ts";
import { parseObjectBody } from "../bodies/object.ts";
import type { HttpDeps } from "../context.ts";
import { renderObject } from "../render.ts";

type Query = Record<string, string | undefined>;
type ObjectParams = { Params: { className?: string; id: string }; Querystring: Query };
type ReferenceParams = {
  Params: { className?: string; id: string; propertyName: string };
  Querystring: Query;
};

const consistencyLevels = ["ONE", "QUORUM", "ALL"];

/** Weaviate accepts and (on one node) ignores consistency_level, but rejects unknown values. */
function checkConsistency(query: Query): void {
  const level = query["consistency_level"];
  if (level !== undefined && !consistencyLevels.includes(level)) {
    throw badRequest(
      `unrecognized consistency level '${level}', try one of the following: ['ONE', 'QUORUM', 'ALL']`,
    );
  }
  if (level !== undefined && query["node_name"] !== undefined) {
    throw badRequest("consistency_level and node_name are mutually exclusive");
  }
}

/** Parses ?include=; only `vector` changes the reply, `classification` is accepted. */
export function parseInclude(raw: string | undefined): { vector: boolean } {
  let vector = false;
  for (const item of (raw ?? "").split(",").map((part) => part.trim()).filter(Boolean)) {
    if (item === "vector") vector = true;
    else if (item !== "classification" && item !== "featureProjection") {
      throw badRequest(`unrecognized property '${item}' in ?include list`);
    }
  }
  return { vector };
}

export function integerParam(query: Query, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`query parameter '${name}' must be an integer, got '${raw}'`);
  return Number(raw);
}

/** The request body as an object input; dropped unknown keys are noted in the request's debug log. */
function objectInput(request: FastifyRequest, body: unknown = request.body) {
  return parseObjectBody(body, (where, keys) =>
    request.log.debug({ where, keys }, "unknown keys in the request body ignored"),
  );
}

export function objectRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { objects, collections, config } = deps;
  const render = (object: Parameters<typeof renderObject>[0], withVector: boolean) =>
    renderObject(object, collections.get(object.className), { origin: config.origin, withVector });
  // Write replies echo the vector the client sent; reads print the stored float32 values.
  const renderWritten = (object: Parameters<typeof renderObject>[0]) =>
    renderObject(object, collections.get(object.className), {
      origin: config.origin,
      withVector: true,
      vectorValues: "as-sent",
    });

  app.post<{ Querystring: Query }>("/v1/objects", async (request) => {
    checkConsistency(request.query);
    // Extension: the seeds' tutorial posts its data.json (an array) here; create each object.
    if (Array.isArray(request.body)) {
      const created = [];
      for (const item of request.body) created.push(renderWritten(await objects.create(objectInput(request, item))));
      return created;
    }
    return renderWritten(await objects.create(objectInput(request)));
  });

  app.get<{ Querystring: Query }>("/v1/objects", async (request) => {
    const query = request.query;
    const include = parseInclude(query["include"]);
    const list = await objects.list({
      ...(query["class"] ? { className: query["class"] } : {}),
      ...(query["after"] !== undefined ? { after: query["after"] } : {}),
      limit: integerParam(query, "limit"),
      offset: integerParam(query, "offset"),
      ...(query["sort"] ? { sort: query["sort"].split(",") } : {}),
      ...(query["order"] ? { order: query["order"].split(",") } : {}),
      ...(query["tenant"] ? { tenant: query["tenant"] } : {}),
    });
    return {
      deprecations: [],
      objects: list.map((object) => render(object, include.vector)),
      totalResults: list.length,
    };
  });

  app.post("/v1/objects/validate", async (request, reply) => {
    await objects.validate(objectInput(request));
    return reply.status(200).send();
  });

  const getOne = async (request: { params: ObjectParams["Params"]; query: Query }) => {
    checkConsistency(request.query);
    const include = parseInclude(request.query["include"]);
    return render(await objects.get(request.params.className, request.params.id, request.query["tenant"]), include.vector);
  };
  const headOne = async (request: { params: ObjectParams["Params"]; query: Query }, reply: FastifyReply) => {
    checkConsistency(request.query);
    const found = await objects.find(request.params.className, request.params.id, request.query["tenant"]);
    return reply.status(found ? 204 : 404).send();
  };
  const putOne = async (request: FastifyRequest<ObjectParams>) => {
    checkConsistency(request.query);
    const object = await objects.replace(request.params.className, request.params.id, objectInput(request), request.query["tenant"]);
    return renderWritten(object);
  };
  const patchOne = async (request: FastifyRequest<ObjectParams>, reply: FastifyReply) => {
    checkConsistency(request.query);
    if (request.body === undefined) throw badRequest("PATCH needs a body with the fields to merge");
    await objects.merge(request.params.className, request.params.id, objectInput(request), request.query["tenant"]);
    return reply.status(204).send();
  };
  const deleteOne = async (request: { params: ObjectParams["Params"]; query: Query }, reply: FastifyReply) => {
    checkConsistency(request.query);
    await objects.delete(request.params.className, request.params.id, request.query["tenant"]);
    return reply.status(204).send();
  };

  for (const path of ["/v1/objects/:className/:id", "/v1/objects/:id"]) {
    app.get<ObjectParams>(path, getOne);
    app.head<ObjectParams>(path, headOne);
    app.put<ObjectParams>(path, putOne);
    app.patch<ObjectParams>(path, patchOne);
    app.delete<ObjectParams>(path, deleteOne);
  }

  const referencePaths = [
    "/v1/objects/:className/:id/references/:propertyName",
    "/v1/objects/:id/references/:propertyName",
  ];
  for (const path of referencePaths) {
    app.post<ReferenceParams>(path, async (request, reply) => {
      const { className, id, propertyName } = request.params;
      await objects.addReference(className, id, propertyName, parseReferenceBody(request.body), request.query["tenant"]);
      return reply.status(200).send();
    });
    app.put<ReferenceParams>(path, async (request, reply) => {
      const { className, id, propertyName } = request.params;
      await objects.replaceReferences(className, id, propertyName, parseReferenceList(request.body), request.query["tenant"]);
      return reply.status(200).send();
    });
    app.delete<ReferenceParams>(path, async (request, reply) => {
      const { className, id, propertyName } = request.params;
      await objects.deleteReference(className, id, propertyName, parseReferenceBody(request.body), request.query["tenant"]);
      return reply.status(204).send();
    });
  }
}
