/**
 * Tenant use cases (reference §4): list, create, update activity, delete, and the one place that
 * turns (collection, tenant) into a shard with Weaviate's checks and messages (§4.4), creating
 * (autoTenantCreation) or activating (autoTenantActivation) tenants on the way. Offloading and
 * onloading run in transitions.ts; this file owns the lists and their persistence.
 */
import {
  checkTenantName,
  type Collection,
  requestedStatus,
  type Tenant,
  type TenantStatus,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { Mutex } from "../lib/index.ts";
import type { OffloadStore, TenantCatalog, TenantListStore, TenantShardStore } from "./ports.ts";
import { statusOf, type TenantEntry, Transitions } from "./transitions.ts";

export interface TenantLogger {
  info(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

export interface TenantServiceDeps<S> {
  catalog: TenantCatalog;
  lists: TenantListStore;
  shards: TenantShardStore<S>;
  /** Module offload-s3; undefined when it is not enabled. */
  offload: OffloadStore | undefined;
  logger: TenantLogger;
}

/** A tenant as listed: its state and, after a failed offload or onload, why it failed. */
/** One tenant of a create or update request; the status by any name Weaviate accepts (HOT, ACTIVE, ...). */
export interface TenantRequest {
  name: string;
  activityStatus?: string;
}

export interface TenantView extends Tenant {
  error?: string;
}

const MAX_UPDATE = 100;

export class TenantService<S> {
  private readonly byClass = new Map<string, Map<string, TenantEntry>>();
  private readonly locks = new Map<string, Mutex>();
  /** Saves of one collection's list, in order (background moves save outside the class lock). */
  private readonly saves = new Map<string, Mutex>();
  private readonly transitions: Transitions<S>;

  constructor(private readonly deps: TenantServiceDeps<S>) {
    this.transitions = new Transitions(deps, (className, ahead) => this.persist(className, ahead));
  }

  /** Loads every multi-tenant collection's tenants and settles moves a restart interrupted. */
  async load(): Promise<void> {
    for (const collection of this.deps.catalog.list()) {
      if (!collection.multiTenancyConfig.enabled) continue;
      const entries = new Map<string, TenantEntry>();
      for (const tenant of await this.deps.lists.load(collection.class)) entries.set(tenant.name, { tenant });
      this.byClass.set(collection.class, entries);
      if (await this.transitions.settleInterrupted(collection.class, entries)) await this.persist(collection.class);
    }
  }

  private lock(className: string): Mutex {
    return mutexIn(this.locks, className);
  }

  /** Saves a collection's list; `ahead` is saved in place of its tenant's state in memory. */
  private persist(className: string, ahead?: Tenant): Promise<void> {
    return mutexIn(this.saves, className).run(async () => {
      const entries = this.byClass.get(className);
      if (!entries) return;
      const tenants = [...entries.values()].map((entry) =>
        ahead && entry.tenant.name === ahead.name ? { ...ahead } : { ...entry.tenant },
      );
      await this.deps.lists.save(className, tenants);
    });
  }

  /** The multi-tenant collection a tenant endpoint names, with Weaviate's 422s otherwise. */
  private collectionOf(className: string): { collection: Collection; entries: Map<string, TenantEntry> } {
    const collection = this.deps.catalog.get(className);
    if (!collection) throw unprocessable(`class "${className}" not found`);
    if (!collection.multiTenancyConfig.enabled) {
      throw unprocessable(`multi-tenancy is not enabled for class "${collection.class}"`);
    }
    let entries = this.byClass.get(collection.class);
    if (!entries) {
      // Created since load(): starts with no tenants.
      entries = new Map();
      this.byClass.set(collection.class, entries);
    }
    return { collection, entries };
  }

  list(className: string): TenantView[] {
    const { entries } = this.collectionOf(className);
    return [...entries.values()].map(viewOf).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One tenant by name: a map lookup (backups and GraphQL ask once per tenant). */
  get(className: string, name: string): TenantView | undefined {
    const entry = this.collectionOf(className).entries.get(name);
    return entry && viewOf(entry);
  }

  /**
   * POST: creates the tenants that do not exist yet (existing ones are a silent no-op). Answers
   * the request's items with their status in the legacy names; an item sent without a status is
   * echoed without one, as Weaviate does.
   */
  create(className: string, items: readonly TenantRequest[]): Promise<Array<{ name: string; activityStatus?: TenantStatus }>> {
    const { collection } = this.collectionOf(className);
    const requests = items.map((item, i) => {
      const name = checkTenantName(item.name, i);
      const raw = item.activityStatus;
      const status = raw === undefined ? undefined : requestedStatus(raw);
      if (raw !== undefined && status !== "HOT" && status !== "COLD") {
        throw unprocessable(`invalid activity status '${String(raw)}' for tenant "${name}"`);
      }
      return { name, status };
    });
    checkDuplicates(requests.map((request) => request.name));
    return this.lock(collection.class).run(async () => {
      const { entries } = this.collectionOf(collection.class);
      let added = false;
      for (const { name, status } of requests) {
        if (entries.has(name)) continue;
        entries.set(name, { tenant: { name, activityStatus: status ?? "HOT" } });
        added = true;
      }
      if (added) await this.persist(collection.class);
      return requests.map(({ name, status }) => (status ? { name, activityStatus: status } : { name }));
    });
  }

  /**
   * PUT: sets activity states. ACTIVE / INACTIVE between local states take effect at once;
   * offloading and onloading start here and finish in the background (the answer shows
   * FREEZING / UNFREEZING until then).
   */
  update(className: string, items: readonly TenantRequest[]): Promise<Tenant[]> {
    const { collection } = this.collectionOf(className);
    if (items.length > MAX_UPDATE) {
      throw unprocessable(
        `maximum number of tenants allowed to be updated simultaneously is ${MAX_UPDATE}. Please send ${MAX_UPDATE} or fewer tenants`,
      );
    }
    const requests = items.map((item, i) => {
      const name = checkTenantName(item.name, i);
      const status = requestedStatus(item.activityStatus);
      if (!status) throw unprocessable(`invalid activity status '${item.activityStatus ?? ""}' for tenant "${name}"`);
      return { name, status };
    });
    checkDuplicates(requests.map((request) => request.name));
    if (requests.some((request) => request.status === "FROZEN") && !this.deps.offload) {
      throw unprocessable("can't offload tenants, because offload-s3 module is not enabled");
    }
    return this.lock(collection.class).run(async () => {
      const { entries } = this.collectionOf(collection.class);
      for (const { name } of requests) {
        if (!entries.has(name)) throw unprocessable(`tenant not found: "${name}"`);
      }
      for (const { name, status } of requests) {
        await this.transitions.request(collection, entries.get(name) as TenantEntry, status);
      }
      await this.persist(collection.class);
      return requests.map(({ name }) => ({ ...(entries.get(name) as TenantEntry).tenant }));
    });
  }

  /** DELETE: removes tenants with their shards and offloaded copies; unknown names are ignored. */
  delete(className: string, names: readonly string[]): Promise<void> {
    const { collection } = this.collectionOf(className);
    names.forEach((name, i) => {
      if (name === "") throw unprocessable(`empty tenant name at index ${i}`);
    });
    return this.lock(collection.class).run(async () => {
      const { entries } = this.collectionOf(collection.class);
      for (const name of names) {
        const entry = entries.get(name);
        if (!entry) continue;
        await this.transitions.remove(collection.class, entry);
        entries.delete(name);
      }
      await this.persist(collection.class);
    });
  }

  /**
   * The shard a request on (collection, tenant) addresses, after §4.4's checks; `undefined` for a
   * collection without multi-tenancy (its single shard is the caller's). Writes create a missing
   * tenant under autoTenantCreation; any access activates one under autoTenantActivation.
   */
  async shardFor(collection: Collection, tenant: string | undefined, intent: "read" | "write"): Promise<S | undefined> {
    const given = tenant !== undefined && tenant !== "";
    if (!collection.multiTenancyConfig.enabled) {
      if (given) throw unprocessable(`class ${collection.class} has multi-tenancy disabled, but request was with tenant`);
      return undefined;
    }
    if (!given) throw unprocessable(`class ${collection.class} has multi-tenancy enabled, but request was without tenant`);
    const { entries } = this.collectionOf(collection.class);
    let entry = entries.get(tenant);
    if (!entry && intent === "write" && collection.multiTenancyConfig.autoTenantCreation) {
      await this.create(collection.class, [{ name: tenant }]);
      entry = entries.get(tenant);
    }
    if (!entry) throw unprocessable(`tenant not found: "${tenant}"`);
    if (entry.tenant.activityStatus !== "HOT") {
      if (!collection.multiTenancyConfig.autoTenantActivation) throw unprocessable(`tenant not active: '${tenant}'`);
      await this.lock(collection.class).run(async () => {
        await this.transitions.activate(collection, entry as TenantEntry);
        await this.persist(collection.class);
      });
      // Re-read: the activation above changed it.
      if (statusOf(entry) !== "HOT") throw unprocessable(`tenant not active: '${tenant}'`);
    }
    return this.deps.shards.openTenant(collection, tenant);
  }

  /** The collection is gone: forget its tenants, their list and their offloaded copies. */
  async dropCollection(className: string): Promise<void> {
    const entries = this.byClass.get(className);
    this.byClass.delete(className);
    await this.lock(className).run(async () => {
      for (const entry of entries?.values() ?? []) await this.transitions.removeCopy(className, entry);
      await this.deps.lists.remove(className);
    });
  }

  /**
   * A multi-tenant collection's tenants as a backup records them, and which of them have their
   * data here to back up (ACTIVE and INACTIVE). A tenant on its way to the offload store is
   * recorded OFFLOADED without data, one on its way back too (its copy is still there).
   */
  forBackup(className: string): { tenants: Tenant[]; local: string[] } | undefined {
    const collection = this.deps.catalog.get(className);
    if (!collection?.multiTenancyConfig.enabled) return undefined;
    const { entries } = this.collectionOf(className);
    const tenants = [...entries.values()].map(({ tenant }) => ({
      name: tenant.name,
      activityStatus: tenant.activityStatus === "HOT" || tenant.activityStatus === "COLD" ? tenant.activityStatus : ("FROZEN" as const),
    }));
    tenants.sort((a, b) => a.name.localeCompare(b.name));
    return { tenants, local: tenants.filter((t) => t.activityStatus !== "FROZEN").map((t) => t.name) };
  }

  /** A multi-tenant class's tenants whose data is here (ACTIVE and INACTIVE); undefined for other classes. */
  localTenants(className: string): string[] | undefined {
    return this.forBackup(className)?.local;
  }

  /** Whether a tenant is ACTIVE (HOT) now. */
  isActive(className: string, tenant: string): boolean {
    return this.get(className, tenant)?.activityStatus === "HOT";
  }

  /** The tenant list of a class being restored, recorded before the class becomes visible. */
  restoreList(className: string, tenants: readonly Tenant[]): Promise<void> {
    return this.lock(className).run(async () => {
      this.byClass.set(className, new Map(tenants.map((tenant) => [tenant.name, { tenant: { ...tenant } }])));
      await this.persist(className);
    });
  }

  /** Forgets a class's tenant list without touching any data (a restore that failed). */
  forget(className: string): Promise<void> {
    return this.lock(className).run(async () => {
      this.byClass.delete(className);
      await this.deps.lists.remove(className);
    });
  }

  /** Waits for offloads and onloads under way (tests, shutdown). */
  settled(): Promise<void> {
    return this.transitions.settled();
  }
}

const viewOf = (entry: TenantEntry): TenantView => ({ ...entry.tenant, ...(entry.error ? { error: entry.error } : {}) });

function mutexIn(map: Map<string, Mutex>, name: string): Mutex {
  let mutex = map.get(name);
  if (!mutex) {
    mutex = new Mutex();
    map.set(name, mutex);
  }
  return mutex;
}

function checkDuplicates(names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw unprocessable(`tenant name ${name} existed multiple times`);
    seen.add(name);
  }
}
