/**
 * Authentication and authorization, the one front door for every route (reference §0.2, §8).
 *
 * Authentication, as Weaviate's go-openapi stack does it: `Authorization: Bearer <token>` is
 * always validated when present. With API keys on, a configured key names its user and any other
 * token is a 401; with API keys off no method can validate a token, so it is a 401 too (Weaviate
 * then falls through to its OIDC validator, and we answer with that validator's message). No token
 * is the anonymous user when AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED, else a 401. 401 bodies are
 * the go-openapi family `{"code":401,"message":"..."}`. Keys are compared as SHA-256 digests with
 * timingSafeEqual against every configured key (no early exit), so neither a key's content nor its
 * length shows in the timing; keys are never logged.
 *
 * Open without credentials: the probes, `GET /v1`, `GET /` and the OpenID discovery path (Weaviate
 * answers them before authenticating), CORS preflights (browsers send no credentials on them) and
 * unknown paths (go-openapi routes before it authenticates: 404 / 405 without a key).
 *
 * Authorization (access.ts) is decided by method for REST: GET and HEAD read, everything else
 * writes. POST /v1/graphql and /v1/graphql/batch read unless they run a mutation, which needs the
 * body: for read-only users that is decided in a preHandler, after parsing. Refusals are a 403 at
 * HTTP level (as Weaviate refuses a GraphQL request whose user may not read the schema).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { AuthConfig } from "../config/index.ts";
import {
  ANONYMOUS_USER,
  type Action,
  type AuthUser,
  canWrite,
  forbiddenMessage,
  mutationAction,
  permissionOf,
  restAction,
} from "./access.ts";
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

/** Weaviate's messages (usecases/auth/authentication: apikey, oidc, anonymous). */
export const INVALID_API_KEY = "invalid api key, please provide a valid api key";
export const NO_TOKEN_VALIDATOR =
  "oidc auth is not configured, please try another auth scheme or set up weaviate with OIDC configured";
export const ANONYMOUS_DISABLED = "anonymous access not enabled, please provide an auth scheme such as OIDC";

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

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** The configured API keys as SHA-256 digests, compared in constant time. */
class ApiKeys {
  private readonly entries: ReadonlyArray<{ digest: Buffer; user: string }>;

  constructor(keys: ReadonlyMap<string, string>) {
    this.entries = [...keys].map(([key, user]) => ({ digest: digest(key), user }));
  }

  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /** The key's user; every configured key is compared, whatever matches first. */
  userFor(token: string): string | undefined {
    const given = digest(token);
    let user: string | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(given, entry.digest) && user === undefined) user = entry.user;
    }
    return user;
  }
}

/** The bearer token, as go-openapi reads it: after a case-sensitive "Bearer "; empty is none. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || !header.startsWith("Bearer ")) return undefined;
  const token = header.slice("Bearer ".length);
  return token === "" ? undefined : token;
}

/** The request's user, or the 401 message. */
function authenticate(header: string | undefined, auth: AuthConfig, keys: ApiKeys): AuthUser | string {
  const token = bearerToken(header);
  if (token === undefined) return auth.anonymousAccess ? ANONYMOUS_USER : ANONYMOUS_DISABLED;
  if (!keys.enabled) return NO_TOKEN_VALIDATOR;
  const name = keys.userFor(token);
  return name === undefined ? INVALID_API_KEY : { name, anonymous: false };
}

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
