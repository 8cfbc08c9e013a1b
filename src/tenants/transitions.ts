/**
 * Activity changes of one tenant. ACTIVE ⇄ INACTIVE is immediate (INACTIVE closes the shard:
 * no file handles, no index in memory). Offloading (→ FROZEN, via FREEZING) closes the shard,
 * uploads its directory to the offload store, which verifies it by checksum, records FROZEN and
 * only then deletes the local files. Onloading (FROZEN → ACTIVE / INACTIVE, via UNFREEZING)
 * downloads into a staging directory with the checksum verified, moves it into place in one
 * rename, records the new state and then drops the remote copy. A failure in either direction
 * puts the tenant back in its previous state with its data where it was, keeps the reason on
 * the tenant and logs it.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Collection, Tenant, TenantStatus } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import type { TenantServiceDeps } from "./service.ts";

/** A tenant as the service holds it. */
export interface TenantEntry {
  tenant: Tenant;
  /** Why the last offload or onload failed; cleared by the next success. */
  error?: string;
}

export class Transitions<S> {
  /** Offloads and onloads under way, by "<Class>/<tenant>". */
  private readonly moving = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: TenantServiceDeps<S>,
    private readonly persist: (className: string, ahead?: Tenant) => Promise<void>,
  ) {}

  /**
   * After a restart: a tenant caught FREEZING still has its local files (they go only after
   * FROZEN is recorded) and becomes INACTIVE; one caught UNFREEZING still has its remote copy and
   * goes back to FROZEN; a FROZEN tenant's local leftovers are removed. True when a state changed.
   */
  async settleInterrupted(className: string, entries: Map<string, TenantEntry>): Promise<boolean> {
    let changed = false;
    for (const entry of entries.values()) {
      const dir = this.deps.shards.tenantDir(className, entry.tenant.name);
      const status = entry.tenant.activityStatus;
      if (status === "FREEZING") {
        Object.assign(entry, { tenant: { ...entry.tenant, activityStatus: "COLD" }, error: "offload interrupted by a restart" });
        changed = true;
      } else if (status === "UNFREEZING") {
        await fs.rm(dir, { recursive: true, force: true });
        Object.assign(entry, { tenant: { ...entry.tenant, activityStatus: "FROZEN" }, error: "onload interrupted by a restart" });
        changed = true;
      } else if (status === "FROZEN") {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }
    return changed;
  }

  /** Starts the change to `target`; moves to or from the offload store finish in the background. */
  async request(collection: Collection, entry: TenantEntry, target: TenantStatus): Promise<void> {
    const current = entry.tenant.activityStatus;
    if (current === "FREEZING" || current === "UNFREEZING") {
      const doing = current === "FREEZING" ? "being offloaded" : "being onloaded";
      throw unprocessable(`tenant "${entry.tenant.name}" is ${doing}; try again when it is done`);
    }
    if (current === target) return;
    if (target === "FROZEN") {
      this.start(collection.class, entry, "FREEZING", () => this.offload(collection.class, entry, current));
    } else if (current === "FROZEN") {
      this.start(collection.class, entry, "UNFREEZING", () => this.onload(collection.class, entry, target));
    } else {
      if (target === "COLD") await this.deps.shards.closeTenant(collection.class, entry.tenant.name);
      entry.tenant.activityStatus = target;
    }
  }

  /** autoTenantActivation: brings a tenant to ACTIVE, waiting for any move and for an onload. */
  async activate(collection: Collection, entry: TenantEntry): Promise<void> {
    await this.moving.get(key(collection.class, entry.tenant.name));
    if (entry.tenant.activityStatus === "COLD") entry.tenant.activityStatus = "HOT";
    if (entry.tenant.activityStatus === "FROZEN") {
      this.start(collection.class, entry, "UNFREEZING", () => this.onload(collection.class, entry, "HOT"));
      await this.moving.get(key(collection.class, entry.tenant.name));
      if (statusOf(entry) !== "HOT") {
        throw unprocessable(`tenant not active: '${entry.tenant.name}': ${entry.error ?? "onload failed"}`);
      }
    }
  }

  /** Deletes a tenant's shard and its offloaded copy, after any move under way. */
  async remove(className: string, entry: TenantEntry): Promise<void> {
    await this.moving.get(key(className, entry.tenant.name));
    await this.deps.shards.dropTenant(className, entry.tenant.name);
    await this.removeCopy(className, entry);
  }

  /** Deletes the offloaded copy, if there can be one. */
  async removeCopy(className: string, entry: TenantEntry): Promise<void> {
    if (this.deps.offload) {
      await this.deps.offload.remove(className, entry.tenant.name);
    } else if (entry.tenant.activityStatus === "FROZEN") {
      this.deps.logger.error(
        { collection: className, tenant: entry.tenant.name },
        "offload-s3 is not enabled: the offloaded copy of this tenant stays in its bucket",
      );
    }
  }

  settled(): Promise<void> {
    return Promise.all(this.moving.values()).then(() => undefined);
  }

  private start(className: string, entry: TenantEntry, passing: TenantStatus, move: () => Promise<void>): void {
    entry.tenant.activityStatus = passing;
    const id = key(className, entry.tenant.name);
    const running = move().finally(() => this.moving.delete(id));
    this.moving.set(id, running);
  }

  private async offload(className: string, entry: TenantEntry, previous: TenantStatus): Promise<void> {
    const store = this.deps.offload;
    const name = entry.tenant.name;
    const dir = this.deps.shards.tenantDir(className, name);
    try {
      if (!store) throw new Error("offload-s3 is not enabled");
      await this.deps.shards.closeTenant(className, name);
      // A tenant nobody wrote to has no directory yet; its copy is an empty one.
      await fs.mkdir(dir, { recursive: true });
      const { bytes } = await store.upload(className, name, dir);
      // FROZEN is on disk before the local files go (a crash in between keeps both copies), and
      // shows only once they are gone.
      await this.persist(className, { name, activityStatus: "FROZEN" });
      await fs.rm(dir, { recursive: true, force: true });
      entry.tenant.activityStatus = "FROZEN";
      delete entry.error;
      this.deps.logger.info({ collection: className, tenant: name, bytes, to: store.description }, "tenant offloaded");
    } catch (error) {
      entry.tenant.activityStatus = previous;
      entry.error = `offload failed: ${(error as Error).message}`;
      await this.persist(className).catch(() => undefined);
      this.deps.logger.error({ collection: className, tenant: name, err: error }, "tenant offload failed");
    }
  }

  private async onload(className: string, entry: TenantEntry, target: TenantStatus): Promise<void> {
    const store = this.deps.offload;
    const name = entry.tenant.name;
    let staging: string | undefined;
    try {
      if (!store) throw new Error("offload-s3 is not enabled");
      staging = await this.deps.shards.stagingDir(`onload-${className}-${name}`);
      const downloaded = path.join(staging, "shard");
      const { bytes } = await store.download(className, name, downloaded);
      const dir = this.deps.shards.tenantDir(className, name);
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rename(downloaded, dir);
      await this.persist(className, { name, activityStatus: target });
      // The local files are the tenant now; a stale remote copy would only mislead.
      await store.remove(className, name).catch((error: unknown) => {
        this.deps.logger.error({ collection: className, tenant: name, err: error }, "removing the onloaded copy failed");
      });
      entry.tenant.activityStatus = target;
      delete entry.error;
      this.deps.logger.info({ collection: className, tenant: name, bytes, from: store.description }, "tenant onloaded");
    } catch (error) {
      entry.tenant.activityStatus = "FROZEN";
      entry.error = `onload failed: ${(error as Error).message}`;
      await this.persist(className).catch(() => undefined);
      this.deps.logger.error({ collection: className, tenant: name, err: error }, "tenant onload failed");
    } finally {
      if (staging) await fs.rm(staging, { recursive: true, force: true });
    }
  }
}

/** The status now (a read TypeScript does not narrow across the awaits that change it). */
export const statusOf = (entry: TenantEntry): TenantStatus => entry.tenant.activityStatus;

const key = (className: string, tenant: string) => `${className}/${tenant}`;
