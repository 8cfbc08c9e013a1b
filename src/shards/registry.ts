/**
 * Collection → shards. A single-tenant collection has `shardingConfig.desiredCount` shards
 * (one by default), opened with the server, objects placed among them by the collection's
 * sharding state (sharding-state.ts); a multi-tenant one has a shard per tenant, named after it,
 * opened on first use and closed when the tenant is set INACTIVE (so idle tenants hold no file
 * handles and no index in memory). Shards live in `<data>/collections/<Class>/<shard>/`; for
 * single-tenant collections `<Class>/sharding.json` records which shards exist and what each
 * holds, for tenants the tenant list does.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Collection } from "../domain/index.ts";
import { notFound } from "../errors/index.ts";
import { pathExists, writeFileAtomic } from "../lib/index.ts";
import { initShardingState, newShardName, Placement, parseShardingState, type ShardingState } from "./sharding-state.ts";
import { Shard, type ShardStatus } from "./shard.ts";
import { ShardSet } from "./shard-set.ts";

const SHARDING_STATE_FILE = "sharding.json";

function desiredShardCount(collection: Collection): number {
  const count = collection.shardingConfig["desiredCount"];
  return typeof count === "number" && Number.isInteger(count) && count > 0 ? count : 1;
}

function virtualPerPhysical(collection: Collection): number {
  const count = collection.shardingConfig["virtualPerPhysical"];
  return typeof count === "number" && Number.isInteger(count) && count > 0 ? count : 128;
}

export interface ShardLogger {
  info(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

export class ShardRegistry {
  private readonly byCollection = new Map<string, Map<string, Shard>>();
  /** Single-tenant collections: where each object lives. */
  private readonly placements = new Map<string, Placement>();
  /** Tenant shards being opened, by "<Class>/<tenant>". */
  private readonly opening = new Map<string, Promise<Shard>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly root: string;

  constructor(
    dataPath: string,
    private readonly logger: ShardLogger,
  ) {
    this.root = path.join(dataPath, "collections");
  }

  private collectionDir(className: string): string {
    return path.join(this.root, className);
  }

  /** Opens the shards of every known collection and removes directories no collection owns. */
  async openAll(collections: readonly Collection[]): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    const known = new Set(collections.map((collection) => collection.class));
    for (const entry of await fs.readdir(this.root)) {
      // Left behind by a delete or a create that crashed half-way.
      if (!known.has(entry)) await fs.rm(path.join(this.root, entry), { recursive: true, force: true });
    }
    for (const collection of collections) await this.openCollection(collection);
  }

  private async openCollection(collection: Collection): Promise<void> {
    const dir = this.collectionDir(collection.class);
    await fs.mkdir(dir, { recursive: true });
    if (collection.multiTenancyConfig.enabled) {
      // Tenants' shards open on first use (openTenant).
      this.byCollection.set(collection.class, new Map());
      return;
    }
    const state = await this.loadShardingState(collection, dir);
    const shards = new Map<string, Shard>();
    for (const name of state.physical) {
      shards.set(name, await Shard.open(path.join(dir, name), name, collection));
      this.logger.info({ collection: collection.class, shard: name }, "shard opened");
    }
    this.byCollection.set(collection.class, shards);
    this.placements.set(collection.class, new Placement(state));
  }

  /**
   * The collection's sharding state: as persisted; for a collection made before states were
   * persisted (one shard directory, or a restored backup without a state), derived from its
   * shard directories; for a new one, made with desiredCount fresh shard names. Persisted before
   * any shard opens, so objects are never placed by a state that a restart would not see.
   */
  private async loadShardingState(collection: Collection, dir: string): Promise<ShardingState> {
    const file = path.join(dir, SHARDING_STATE_FILE);
    if (await pathExists(file)) return parseShardingState(JSON.parse(await fs.readFile(file, "utf8")));
    const entries = await fs.readdir(dir, { withFileTypes: true });
    const names = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith(".")).map((entry) => entry.name);
    if (names.length === 0) {
      for (let i = 0; i < desiredShardCount(collection); i++) names.push(newShardName());
    }
    const state = initShardingState(names, virtualPerPhysical(collection));
    await writeFileAtomic(file, JSON.stringify(state));
    return state;
  }

  /** A single-tenant collection's sharding state (backups store it with the shards). */
  shardingState(className: string): ShardingState | undefined {
    return this.placements.get(className)?.state;
  }

  /** Creates the storage of a new collection. */
  async createCollection(collection: Collection): Promise<void> {
    await this.openCollection(collection);
  }

  /** Passes an updated definition to the collection's shards. */
  updateCollection(collection: Collection): void {
    for (const shard of this.byCollection.get(collection.class)?.values() ?? []) {
      shard.setCollection(collection);
    }
  }

  /**
   * A fresh directory beside the collections for a restore to build shards in. It starts with a
   * dot, so no collection can own it: a restart removes whatever a crashed restore left there.
   */
  async stagingDir(label: string): Promise<string> {
    const dir = path.join(this.root, `.staging-${label}-${newShardName()}`);
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Moves a staged collection directory (`<staged>/<shard>/...`, shards closed) into place as
   * `className`'s storage, in one rename, with the sharding state the shards were made under
   * (omitted: derived from the shard directories). Its shards open when the collection is
   * created.
   */
  async placeCollection(className: string, staged: string, shardingState?: unknown): Promise<void> {
    if (shardingState !== undefined) {
      await writeFileAtomic(path.join(staged, SHARDING_STATE_FILE), JSON.stringify(parseShardingState(shardingState)));
    }
    await fs.rename(staged, this.collectionDir(className));
  }

  /** The directory of a tenant's shard (which may not exist yet). */
  tenantDir(className: string, tenant: string): string {
    return path.join(this.collectionDir(className), tenant);
  }

  /** The open shard of a tenant, if it is open. */
  openedTenant(className: string, tenant: string): Shard | undefined {
    return this.byCollection.get(className)?.get(tenant);
  }

  /**
   * A tenant's shard, opened (and created on first use) if it is not open yet. Concurrent calls
   * for one tenant share one open.
   */
  openTenant(collection: Collection, tenant: string): Promise<Shard> {
    const open = this.byCollection.get(collection.class)?.get(tenant);
    if (open) return Promise.resolve(open);
    const key = `${collection.class}/${tenant}`;
    let opening = this.opening.get(key);
    if (!opening) {
      opening = (async () => {
        try {
          const shard = await Shard.open(this.tenantDir(collection.class, tenant), tenant, collection);
          const shards = this.byCollection.get(collection.class);
          if (!shards) {
            // The collection went away while its tenant was opening.
            await shard.close();
            throw notFound(`collection ${collection.class} was deleted`);
          }
          shards.set(tenant, shard);
          return shard;
        } finally {
          this.opening.delete(key);
        }
      })();
      this.opening.set(key, opening);
    }
    return opening;
  }

  /** Saves and closes a tenant's shard if it is open; its files stay. */
  async closeTenant(className: string, tenant: string): Promise<void> {
    await this.opening.get(`${className}/${tenant}`)?.catch(() => undefined);
    const shard = this.byCollection.get(className)?.get(tenant);
    if (!shard) return;
    this.byCollection.get(className)?.delete(tenant);
    await shard.close();
  }

  /** Closes a tenant's shard and deletes its files. */
  async dropTenant(className: string, tenant: string): Promise<void> {
    await this.closeTenant(className, tenant);
    await fs.rm(this.tenantDir(className, tenant), { recursive: true, force: true });
  }

  /** How many shards are open, all collections together (tenants' shards open lazily). */
  openShardCount(): number {
    let count = 0;
    for (const shards of this.byCollection.values()) count += shards.size;
    return count;
  }

  /** Deletes every shard of a collection, files included. Unknown names are a no-op. */
  async dropCollection(className: string): Promise<void> {
    const shards = this.byCollection.get(className);
    this.byCollection.delete(className);
    this.placements.delete(className);
    for (const shard of shards?.values() ?? []) await shard.drop();
    await fs.rm(this.collectionDir(className), { recursive: true, force: true });
  }

  /** Sets a shard's status; false when the collection has no open shard of that name. */
  async setShardStatus(className: string, shardName: string, status: ShardStatus): Promise<boolean> {
    const shard = this.byCollection.get(className)?.get(shardName);
    if (!shard) return false;
    await shard.setStatus(status);
    return true;
  }

  shardsOf(className: string): Shard[] {
    return [...(this.byCollection.get(className)?.values() ?? [])];
  }

  /** The first shard of a collection (the only one, unless desiredCount > 1); for tests and tools. */
  shardFor(className: string): Shard | undefined {
    return this.shardsOf(className)[0];
  }

  /** The shards of a single-tenant collection as one store: each object in its own shard. */
  shardSet(className: string): ShardSet | undefined {
    const shards = this.byCollection.get(className);
    const placement = this.placements.get(className);
    if (!shards || !placement) return undefined;
    return new ShardSet(placement, shards);
  }

  /** Saves every shard whose vector index changed. Failures are logged, not thrown. */
  async saveAll(): Promise<void> {
    for (const [collection, shards] of this.byCollection) {
      for (const shard of shards.values()) {
        try {
          await shard.save();
        } catch (error) {
          this.logger.error({ collection, shard: shard.name, err: error }, "saving vector index failed");
        }
      }
    }
  }

  /** Saves dirty vector indexes every `seconds` (0 = never; shutdown still saves). */
  startPeriodicSave(seconds: number): void {
    if (seconds <= 0) return;
    this.timer = setInterval(() => void this.saveAll(), seconds * 1000);
    this.timer.unref();
  }

  async closeAll(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const shards of this.byCollection.values()) {
      for (const shard of shards.values()) await shard.close();
    }
    this.byCollection.clear();
    this.placements.clear();
  }
}
