/**
 * Collection → shards. A single-tenant collection has one shard, opened with the server; a
 * multi-tenant one has a shard per tenant, named after it, opened on first use and closed when
 * the tenant is set INACTIVE (so idle tenants hold no file handles and no index in memory).
 * Shards live in `<data>/collections/<Class>/<shard>/`; for single-tenant collections the
 * directory tree is the record of which shard exists, for tenants the tenant list is.
 */
import { randomInt } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Collection } from "../domain/index.ts";
import { Shard } from "./shard.ts";

const SHARD_NAME_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Weaviate names single-tenant shards with 12 random alphanumerics. */
function newShardName(): string {
  let name = "";
  for (let i = 0; i < 12; i++) name += SHARD_NAME_ALPHABET[randomInt(SHARD_NAME_ALPHABET.length)];
  return name;
}

export interface ShardLogger {
  info(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

export class ShardRegistry {
  private readonly byCollection = new Map<string, Map<string, Shard>>();
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
    const names = (await fs.readdir(dir)).filter((name) => !name.startsWith("."));
    const shards = new Map<string, Shard>();
    if (names.length === 0) names.push(newShardName());
    for (const name of names) {
      shards.set(name, await Shard.open(path.join(dir, name), name, collection));
      this.logger.info({ collection: collection.class, shard: name }, "shard opened");
    }
    this.byCollection.set(collection.class, shards);
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
   * `className`'s storage, in one rename. Its shards open when the collection is created.
   */
  async placeCollection(className: string, staged: string): Promise<void> {
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
            throw new Error(`collection ${collection.class} was deleted`);
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
    for (const shard of shards?.values() ?? []) await shard.drop();
    await fs.rm(this.collectionDir(className), { recursive: true, force: true });
  }

  shardsOf(className: string): Shard[] {
    return [...(this.byCollection.get(className)?.values() ?? [])];
  }

  /** The shard objects of a single-tenant collection live in. */
  shardFor(className: string): Shard | undefined {
    return this.shardsOf(className)[0];
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
  }
}
