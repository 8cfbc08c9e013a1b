/**
 * What the tenant use cases need from their neighbours; adapters implement these.
 */
import type { Collection, Tenant } from "../domain/index.ts";

/**
 * Where OFFLOADED tenants live (module offload-s3). A copy is the whole directory of a closed
 * tenant shard; its checksum is checked in both directions. The use case closes the shard before
 * `upload` and removes the local directory only after `upload` resolved.
 */
export interface OffloadStore {
  /** For messages and logs: "s3://<bucket>" at "<endpoint>". */
  readonly description: string;
  /**
   * Uploads every file under `dir` (a closed shard: nothing writes there meanwhile) as the copy of
   * (className, tenant), replacing an older copy, then verifies what was stored against the
   * SHA-256 computed while sending. Resolves only when the copy is complete and verified; never
   * touches `dir`. Rejects with an AppError naming the bucket / endpoint on any failure, leaving no
   * half-written copy that `download` could mistake for a whole one.
   */
  upload(className: string, tenant: string, dir: string): Promise<{ bytes: number; sha256: string }>;
  /**
   * Recreates the copy's files in `dir` (which does not exist yet or is empty), verifying the
   * checksum on the way. On failure `dir` is removed and the call rejects; the copy stays.
   */
  download(className: string, tenant: string, dir: string): Promise<{ bytes: number }>;
  /** True when a complete copy exists. */
  exists(className: string, tenant: string): Promise<boolean>;
  /** Deletes the copy; a missing one is fine. */
  remove(className: string, tenant: string): Promise<void>;
}

/** Where tenant lists are kept (one list per collection). */
export interface TenantListStore {
  load(className: string): Promise<Tenant[]>;
  save(className: string, tenants: readonly Tenant[]): Promise<void>;
  remove(className: string): Promise<void>;
}

/** The tenants' shards, as the tenant use cases open, close and move them. */
export interface TenantShardStore<S> {
  /** Opens (creating on first use) a tenant's shard; concurrent calls share one open. */
  openTenant(collection: Collection, tenant: string): Promise<S>;
  /** Saves and closes a tenant's shard if it is open; its files stay. */
  closeTenant(className: string, tenant: string): Promise<void>;
  /** Closes a tenant's shard and deletes its files. */
  dropTenant(className: string, tenant: string): Promise<void>;
  /** Where a tenant's shard lives (it may not exist). */
  tenantDir(className: string, tenant: string): string;
  /** A fresh directory for a download, removed by a restart if left behind. */
  stagingDir(label: string): Promise<string>;
}

/** The collections, as the tenant use cases look them up. */
export interface TenantCatalog {
  get(name: string): Collection | undefined;
  list(): Collection[];
}
