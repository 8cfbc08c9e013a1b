/**
 * The one place where (collection, tenant, intent) becomes shards. A multi-tenant collection's
 * requests go to the tenant's shard after the tenant checks of reference §4.4 (which may create
 * or activate the tenant, as the collection is configured); an ordinary collection's go to its
 * shards (several when shardingConfig.desiredCount > 1), as one store for object reads and
 * writes or as the list a search merges. Backups read every shard with data here: a class's, or
 * each ACTIVE and INACTIVE tenant's, an INACTIVE one opened for the backup alone and closed
 * again afterwards. A later multi-node placement changes this file, not its callers.
 */
import type { Collection } from "../domain/index.ts";
import { AppError } from "../errors/index.ts";

/** What a request means to do with the objects: read (any access) or write (may create tenants). */
export type Intent = "read" | "write";

/** The tenant rules the router applies (the tenants use case implements them). */
export interface TenantGate<S> {
  /**
   * A multi-tenant collection's shard for `tenant` after the §4.4 checks; undefined for an
   * ordinary collection (after refusing a tenant it was given).
   */
  shardFor(collection: Collection, tenant: string | undefined, intent: Intent): Promise<S | undefined>;
  /** A multi-tenant collection's tenants whose data is here (ACTIVE and INACTIVE); undefined otherwise. */
  localTenants(className: string): string[] | undefined;
  /** Whether a tenant is ACTIVE now (a backup keeps open what became active meanwhile). */
  isActive(className: string, tenant: string): boolean;
}

/** The shards as the router finds them (the shard registry implements this). */
export interface ShardDirectory<S, Store> {
  /** An ordinary collection's shards as one object store. */
  shardSet(className: string): Store | undefined;
  /** Every open shard of a collection. */
  shardsOf(className: string): S[];
  openTenant(collection: Collection, tenant: string): Promise<S>;
  openedTenant(className: string, tenant: string): S | undefined;
  closeTenant(className: string, tenant: string): Promise<void>;
}

/** A shard a backup reads: opened when its turn comes, released when it has been read. */
export interface BackupShard<S> {
  name: string;
  open(): Promise<{ shard: S; release(): Promise<void> }>;
}

export class ShardRouter<S extends { name: string }, Store> {
  constructor(
    private readonly tenants: TenantGate<S>,
    private readonly shards: ShardDirectory<S, Store>,
  ) {}

  /** The objects a request on (collection, tenant) reads or writes: a tenant's shard, or the collection's shards as one store. */
  async store(collection: Collection, tenant: string | undefined, intent: Intent): Promise<S | Store> {
    const shard = await this.tenants.shardFor(collection, tenant, intent);
    if (shard) return shard;
    const store = this.shards.shardSet(collection.class);
    if (!store) throw new AppError("INTERNAL", `collection ${collection.class} has no shards`);
    return store;
  }

  /** The shards a search on (collection, tenant) reads and merges. */
  async searchShards(collection: Collection, tenant: string | undefined): Promise<S[]> {
    const shard = await this.tenants.shardFor(collection, tenant, "read");
    return shard ? [shard] : this.shards.shardsOf(collection.class);
  }

  /** Every shard of a class with data on this node, for a backup to read one after another. */
  backupShards(collection: Collection): Array<BackupShard<S>> {
    const className = collection.class;
    const tenants = this.tenants.localTenants(className);
    if (!tenants) {
      return this.shards.shardsOf(className).map((shard) => ({
        name: shard.name,
        open: async () => ({ shard, release: async () => undefined }),
      }));
    }
    return tenants.map((tenant) => ({
      name: tenant,
      open: async () => {
        const wasOpen = this.shards.openedTenant(className, tenant) !== undefined;
        const shard = await this.shards.openTenant(collection, tenant);
        // An INACTIVE tenant's shard opens for the backup alone and closes after it, unless
        // the tenant was activated meanwhile.
        const release = async () => {
          if (!wasOpen && !this.tenants.isActive(className, tenant)) await this.shards.closeTenant(className, tenant);
        };
        return { shard, release };
      },
    }));
  }
}
