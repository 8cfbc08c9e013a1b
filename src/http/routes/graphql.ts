/**
 * GraphQL transport (reference §6.1): POST /v1/graphql, GET /v1/graphql (GraphiQL in a
 * browser), POST /v1/graphql/batch. The checks Weaviate makes before GraphQL sees a request
 * answer 422 here; everything else is Yoga's. Replies are always application/json with status
 * 200, errors in `errors[]`, as Weaviate's clients expect.
 */
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { unprocessable } from "../../errors/index.ts";
import type { HttpDeps } from "../context.ts";

const NO_PROVIDER =
  "no graphql provider present, this is most likely because no schema is present. Import a schema first!";

interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

function checkBody(body: unknown): GraphQLRequestBody {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw unprocessable("the request body must be a JSON object with a 'query'");
  }
  const request = body as GraphQLRequestBody;
  if (typeof request.query !== "string" || request.query.trim() === "") throw unprocessable("query cannot be empty");
  if (request.variables !== undefined && request.variables !== null) {
    if (typeof request.variables !== "object" || Array.isArray(request.variables)) {
      throw unprocessable("variables must be a JSON object");
    }
  }
  if (request.operationName !== undefined && request.operationName !== null && typeof request.operationName !== "string") {
    throw unprocessable("operationName must be a string");
  }
  return request;
}

export function graphqlRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { graphql } = deps;
  const enabled = () => {
    if (deps.config.disableGraphql) throw unprocessable("graphql api is disabled");
  };
  /** While no class exists only backup operations run (see GraphQLService.accepts). */
  const ready = (query: string) => {
    if (!graphql.accepts(query)) throw unprocessable(NO_PROVIDER);
  };

  /** Runs one checked request body; the reply body as JSON text. */
  const execute = async (body: GraphQLRequestBody): Promise<string> =>
    JSON.stringify(
      await graphql.execute({
        query: body.query as string,
        variables: body.variables as Record<string, unknown> | null | undefined,
        operationName: body.operationName as string | null | undefined,
      }),
    );

  const sendJson = (reply: FastifyReply, text: string) =>
    reply.status(200).header("content-type", "application/json; charset=utf-8").send(text);

  /** Hands a request to Yoga (GraphiQL, GET queries, subscriptions as server-sent events). */
  const viaYoga = async (request: FastifyRequest, reply: FastifyReply) => {
    const response = await graphql.yoga.handleNodeRequestAndResponse(request, reply, {});
    reply.status(response.status);
    response.headers.forEach((value, key) => {
      reply.header(key, value);
    });
    if (response.headers.get("content-type")?.includes("text/event-stream") && response.body) {
      // Yoga's body is a ponyfilled web stream; it is async-iterable, which Readable.from takes.
      return reply.send(Readable.from(response.body as unknown as AsyncIterable<Uint8Array>));
    }
    return reply.send(Buffer.from(await response.arrayBuffer()));
  };

  app.post("/v1/graphql", async (request, reply) => {
    enabled();
    const body = checkBody(request.body);
    ready(body.query as string);
    // Subscriptions (backupProgress) stream as server-sent events through Yoga.
    if (request.headers.accept?.includes("text/event-stream")) return viaYoga(request, reply);
    return sendJson(reply, await execute(body));
  });

  // GraphiQL for browsers; a GET with ?query= runs that query like a POST would.
  app.get<{ Querystring: { query?: string } }>("/v1/graphql", async (request, reply) => {
    enabled();
    ready(request.query.query ?? "");
    return viaYoga(request, reply);
  });

  app.post("/v1/graphql/batch", async (request, reply) => {
    enabled();
    const items = request.body;
    if (!Array.isArray(items) || items.length === 0) {
      throw unprocessable("the request body must be a non-empty array of GraphQL requests");
    }
    const results = await Promise.all(
      items.map(async (item) => {
        try {
          const body = checkBody(item);
          ready(body.query as string);
          return await execute(body);
        } catch {
          return JSON.stringify({
            data: null,
            errors: [{ message: "422: The request is well-formed but was unable to be followed due to semantic errors." }],
          });
        }
      }),
    );
    return sendJson(reply, `[${results.join(",")}]`);
  });
}
