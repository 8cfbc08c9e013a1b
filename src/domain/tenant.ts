/**
 * Tenants (reference §4): names, activity states and their wire names. Internally and on the REST
 * wire the states carry Weaviate's legacy names (HOT, COLD, FROZEN, FREEZING, UNFREEZING); the
 * current names (ACTIVE, INACTIVE, OFFLOADED, OFFLOADING, ONLOADING) are accepted as input and
 * used by our GraphQL API.
 */
import { unprocessable } from "../errors/index.ts";

export type TenantStatus = "HOT" | "COLD" | "FROZEN" | "FREEZING" | "UNFREEZING";

export interface Tenant {
  name: string;
  activityStatus: TenantStatus;
}

/** The states a client may ask for, by either name. */
const requestable: Record<string, TenantStatus> = {
  ACTIVE: "HOT",
  HOT: "HOT",
  INACTIVE: "COLD",
  COLD: "COLD",
  OFFLOADED: "FROZEN",
  FROZEN: "FROZEN",
};

/** Current names, for GraphQL. */
export const tenantStatusNames: Record<TenantStatus, string> = {
  HOT: "ACTIVE",
  COLD: "INACTIVE",
  FROZEN: "OFFLOADED",
  FREEZING: "OFFLOADING",
  UNFREEZING: "ONLOADING",
};

/** An update's target state, or undefined when `raw` names none. */
export function requestedStatus(raw: unknown): TenantStatus | undefined {
  return typeof raw === "string" ? requestable[raw.toUpperCase()] : undefined;
}

const TENANT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Weaviate's tenant-name rule and message; `index` is the position in the request. */
export function checkTenantName(name: unknown, index: number): string {
  if (typeof name !== "string" || !TENANT_NAME.test(name)) {
    throw unprocessable(
      `tenant name at index ${index}:  '${String(name ?? "")}' is not a valid tenant name. should only contain alphanumeric characters (a-z, A-Z, 0-9), underscore (_), and hyphen (-), with a length between 1 and 64 characters`,
    );
  }
  return name;
}

/** True when reads and writes may go to the tenant's shard. */
export const isActive = (tenant: Tenant) => tenant.activityStatus === "HOT";
