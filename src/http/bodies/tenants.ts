/**
 * The bodies of /v1/schema/{class}/tenants: an array of `{name, activityStatus?}` (create,
 * update) or of names (delete), with Weaviate's messages for a body of the wrong shape. The
 * tenant use case words the rest (names, statuses, duplicates).
 */
import { checkTenantName } from "../../domain/index.ts";
import { unprocessable } from "../../errors/index.ts";
import type { TenantRequest } from "../../tenants/index.ts";

export function parseTenantList(body: unknown): TenantRequest[] {
  if (!Array.isArray(body)) throw unprocessable("the request body must be an array of tenants");
  return body.map((item, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw unprocessable(`tenant at index ${i} must be an object with a name`);
    }
    const { name, activityStatus } = item as { name?: unknown; activityStatus?: unknown };
    // A status of another type is passed on as text, for the use case to refuse by name.
    return {
      name: checkTenantName(name, i),
      ...(activityStatus !== undefined ? { activityStatus: String(activityStatus) } : {}),
    };
  });
}

export function parseTenantNames(body: unknown): string[] {
  if (!Array.isArray(body)) throw unprocessable("the request body must be an array of tenant names");
  return body.map((name, i) => {
    if (typeof name !== "string" || name === "") throw unprocessable(`empty tenant name at index ${i}`);
    return name;
  });
}
