/** Tenants: lists, activity states, offload / onload, and (collection, tenant) → shard. */
export type { OffloadStore, TenantCatalog, TenantListStore, TenantShardStore } from "./ports.ts";
export {
  type TenantLogger,
  type TenantRequest,
  TenantService,
  type TenantServiceDeps,
  type TenantView,
} from "./service.ts";
