/**
 * Authentication and authorization, the one front door for every route (reference §0.2, §8),
 * on the rules of src/auth: `Authorization: Bearer <token>` names the user (src/auth/
 * authenticate.ts), a refusal is a 401 in the go-openapi family `{"code":401,"message":"..."}`.
 *
 * Open without credentials: the probes, `GET /v1`, `GET /` and the OpenID discovery path (Weaviate
 * answers them before authenticating), CORS preflights (browsers send no credentials on them) and
 * unknown paths (go-openapi routes before it authenticates: 404 / 405 without a key).
 *
 * Authorization (src/auth/access.ts) is decided by method for REST: GET and HEAD read, everything else
 * writes. POST /v1/graphql and /v1/graphql/batch read unless they run a mutation, which needs the
 * body: for read-only users that is decided in a preHandler, after parsing. Refusals are a 403 at
 * HTTP level (as Weaviate refuses a GraphQL request whose user may not read the schema).
 */
import type { FastifyInstance } from "fastify";
import type { AuthConfig } from "../config/index.ts";
import {
  type Action,
  ApiKeys,
  type AuthUser,
  authenticate,
  canWrite,
  forbiddenMessage,
  mutationAction,
  permissionOf,
  restAction,
} from "../auth/index.ts";
import { forbidden, unauthenticated } from "../errors/index.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Who sent the request; undefined on the routes open without credentials. */
    user: AuthUser | undefined;
  }
}

/** What the front door needs from the GraphQL layer: which mutations a request would run. */
export interface MutationInspector {
  mutations(query: string, operationName?: string | null): string[];
}

export interface AuthDeps {
  auth: AuthConfig;
  graphql: MutationInspector;
}

/** `METHOD /pattern` of the routes answered without credentials. */
const openRoutes = new Set([
  "GET /",
  "GET /v1",
  "GET /v1/.well-known/live",
  "GET /v1/.well-known/ready",
  "GET /v1/.well-known/openid-configuration",
]);

/** GraphQL over POST: a read unless it runs a mutation. */
const graphqlPosts = new Set(["/v1/graphql", "/v1/graphql/batch"]);

/** The `{query, operationName}` items of a GraphQL POST body (one object, or a batch array). */
function graphqlItems(body: unknown): Array<{ query: string; operationName: string | null }> {
  return (Array.isArray(body) ? body : [body]).flatMap((item) => {
    if (item === null || typeof item !== "object") return [];
    const { query, operationName } = item as { query?: unknown; operationName?: unknown };
    if (typeof query !== "string") return [];
    return [{ query, operationName: typeof operationName === "string" ? operationName : null }];
  });
}

function forbid(user: AuthUser, action: Action): never {
  throw forbidden(forbiddenMessage(user, action));
}

export function registerAuth(app: FastifyInstance, { auth, graphql }: AuthDeps): void {
  const keys = new ApiKeys(auth.apiKeys);
  app.decorateRequest("user", undefined);

  app.addHook("onRequest", async (request) => {
    const route = request.routeOptions.url;
    if (route === undefined || request.is404 || request.method === "OPTIONS") return;
    if (openRoutes.has(`${request.method} ${route}`)) return;
    const user = authenticate(request.headers.authorization, auth, keys);
    if (typeof user === "string") throw unauthenticated(user);
    request.user = user;
    const permission = permissionOf(user, auth.adminList);
    if (permission === "all") return;
    if (request.method === "POST" && graphqlPosts.has(route)) {
      // A read-only user's GraphQL is checked for mutations once the body is parsed.
      if (permission === "read") return;
      return forbid(user, { verb: "read", resources: [route.replace(/^\/v1\//, "")] });
    }
    const action = restAction(request.method, request.url);
    if (action.verb === "read" && permission === "read") return;
    return forbid(user, action);
  });

  app.addHook("preHandler", async (request) => {
    const route = request.routeOptions.url;
    const user = request.user;
    if (request.method !== "POST" || route === undefined || !graphqlPosts.has(route) || !user) return;
    if (canWrite(user, auth.adminList)) return;
    for (const item of graphqlItems(request.body)) {
      const [field] = graphql.mutations(item.query, item.operationName);
      if (field !== undefined) return forbid(user, mutationAction(field));
    }
  });
}
