/**
 * Who may do what: Weaviate's admin list (reference §8, AUTHORIZATION_ADMINLIST_*). Without it
 * every authenticated (or allowed anonymous) user may do anything. With it, admins may do
 * anything, read-only users may only read, and everyone else (the anonymous user included, whose
 * name is `anonymous`, as in Weaviate's adminlist authorizer) may do nothing. A refusal is a 403
 * in Weaviate's handler shape with its message
 * `authorization, forbidden action: user '<u>' has insufficient permissions to <verb> [<resources>]`.
 */
import type { AuthConfig } from "../config/index.ts";

/** The sender of a request, as authentication established it. */
export interface AuthUser {
  /** The API key's user (AUTHENTICATION_APIKEY_USERS), or `anonymous`. */
  readonly name: string;
  readonly anonymous: boolean;
}

/** Weaviate's name for the principal of a request without credentials. */
export const ANONYMOUS_USER: AuthUser = Object.freeze({ name: "anonymous", anonymous: true });

export type Permission = "all" | "read" | "none";

export function permissionOf(user: AuthUser, adminList: AuthConfig["adminList"]): Permission {
  if (!adminList || adminList.admins.has(user.name)) return "all";
  return adminList.readOnly.has(user.name) ? "read" : "none";
}

export function canWrite(user: AuthUser, adminList: AuthConfig["adminList"]): boolean {
  return permissionOf(user, adminList) === "all";
}

export type Verb = "read" | "create" | "update" | "delete";

/** What one request would do, for the refusal message. */
export interface Action {
  readonly verb: Verb;
  /** Weaviate prints the resources as a Go string slice: `[a b]`. */
  readonly resources: readonly string[];
}

const verbByMethod: Record<string, Verb> = {
  GET: "read",
  HEAD: "read",
  POST: "create",
  PUT: "update",
  PATCH: "update",
  DELETE: "delete",
};

/** A REST request's action: the verb of its method, on its path under /v1 (`objects/Article/<id>`). */
export function restAction(method: string, url: string): Action {
  const path = (url.split("?")[0] ?? "").replace(/^\/v1\/?/, "").replace(/^\/+|\/+$/g, "");
  return { verb: verbByMethod[method] ?? "update", resources: [path === "" ? "*" : path] };
}

/** A GraphQL mutation's action: `createBackup` creates, `updateTenants` updates, `cancelRestore` deletes. */
export function mutationAction(field: string): Action {
  const verb: Verb = /^(create|restore)/.test(field)
    ? "create"
    : /^(delete|cancel)/.test(field)
      ? "delete"
      : "update";
  return { verb, resources: [`graphql/${field}`] };
}

export function forbiddenMessage(user: AuthUser, action: Action): string {
  return `authorization, forbidden action: user '${user.name}' has insufficient permissions to ${action.verb} [${action.resources.join(" ")}]`;
}
