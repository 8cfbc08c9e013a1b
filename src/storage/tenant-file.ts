/**
 * Tenant lists on disk: `<data>/tenants/<Class>.json`, each replaced atomically (a crash leaves
 * the old list or the new one). One file per collection keeps a change to one collection's
 * tenants from rewriting another's.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Tenant } from "../domain/index.ts";
import { writeFileAtomic } from "../lib/index.ts";

export class TenantFiles {
  private readonly dir: string;

  constructor(dataPath: string) {
    this.dir = path.join(dataPath, "tenants");
  }

  private file(className: string): string {
    return path.join(this.dir, `${className}.json`);
  }

  async load(className: string): Promise<Tenant[]> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file(className), "utf8")) as { tenants?: Tenant[] };
      return parsed.tenants ?? [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  }

  async save(className: string, tenants: readonly Tenant[]): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.file(className), JSON.stringify({ tenants }));
  }

  async remove(className: string): Promise<void> {
    await fs.rm(this.file(className), { force: true });
  }
}
