/**
 * The gRPC front door's authentication and authorization, on the same rules as REST's
 * (src/auth): the API key comes in the `authorization` metadata as `Bearer <key>`; with the
 * admin list on, read-only users may call the reading methods only (Search, Aggregate,
 * TenantsGet), everyone else not on a list nothing. The health service is open, as REST's probes.
 */
import type { CallContext, ServerMiddleware } from "nice-grpc";
import {
  ApiKeys,
  authenticate,
  forbiddenMessage,
  permissionOf,
  type Verb,
} from "../auth/index.ts";
import type { AuthConfig } from "../config/index.ts";
import { forbidden, unauthenticated } from "../errors/index.ts";

/** Methods that only read, by their gRPC path. */
const readingMethods = new Set([
  "/weaviate.v1.Weaviate/Search",
  "/weaviate.v1.Weaviate/Aggregate",
  "/weaviate.v1.Weaviate/TenantsGet",
]);
const openServices = ["/grpc.health.v1.Health/"];

/** Throws the AppError that refuses the call, or returns for a call that may go on. */
export function checkAccess(auth: AuthConfig, keys: ApiKeys, path: string, context: CallContext): void {
  if (openServices.some((prefix) => path.startsWith(prefix))) return;
  const user = authenticate(context.metadata.get("authorization"), auth, keys);
  if (typeof user === "string") throw unauthenticated(user);
  const permission = permissionOf(user, auth.adminList);
  if (permission === "all") return;
  const reads = readingMethods.has(path);
  if (reads && permission === "read") return;
  const verb: Verb = reads ? "read" : "create";
  throw forbidden(forbiddenMessage(user, { verb, resources: [`grpc${path}`] }));
}

/** The middleware form, for the server to put in front of every call. */
export function authMiddleware(auth: AuthConfig): ServerMiddleware {
  const keys = new ApiKeys(auth.apiKeys);
  return async function* checkCall(call, context) {
    checkAccess(auth, keys, call.method.path, context);
    return yield* call.next(call.request, context);
  };
}
