/**
 * TenantsGet: a multi-tenant collection's tenants (all, or those of `names` that exist), with
 * their states in the legacy names REST answers with too (HOT, COLD, FROZEN, ...); the official
 * clients map both the legacy and the new enum values.
 */
import type { TenantStatus } from "../domain/index.ts";
import { TenantActivityStatus, type TenantsGetReply, type TenantsGetRequest } from "./generated/v1/tenants.ts";

/** What TenantsGet needs from the tenants use case. */
export interface TenantLister {
  list(className: string): Array<{ name: string; activityStatus: TenantStatus }>;
}

const wireStatus: Record<TenantStatus, TenantActivityStatus> = {
  HOT: TenantActivityStatus.TENANT_ACTIVITY_STATUS_HOT,
  COLD: TenantActivityStatus.TENANT_ACTIVITY_STATUS_COLD,
  FROZEN: TenantActivityStatus.TENANT_ACTIVITY_STATUS_FROZEN,
  FREEZING: TenantActivityStatus.TENANT_ACTIVITY_STATUS_FREEZING,
  UNFREEZING: TenantActivityStatus.TENANT_ACTIVITY_STATUS_UNFREEZING,
};

export function tenantsGet(tenants: TenantLister, request: TenantsGetRequest, started: number): TenantsGetReply {
  const wanted = request.names ? new Set(request.names.values) : undefined;
  const listed = tenants.list(request.collection).filter((tenant) => !wanted || wanted.has(tenant.name));
  return {
    took: (performance.now() - started) / 1000,
    tenants: listed.map((tenant) => ({ name: tenant.name, activityStatus: wireStatus[tenant.activityStatus] })),
  };
}
