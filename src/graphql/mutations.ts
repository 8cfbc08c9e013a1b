/**
 * The Mutation root, in one place: every mutation the schema has is listed here, each group's
 * fields coming from the module that owns its use case (backups, tenants). A new mutation is
 * added to this list, so the root's field order (and the printed SDL) is decided here alone.
 */
import { type BackupTypes, backupMutations } from "./backup-schema.ts";
import type { Builder } from "./builder.ts";
import { type TenantTypes, tenantMutations } from "./tenant-schema.ts";

/** The types the mutations take and answer, defined by their owners before the roots are built. */
export interface MutationTypes {
  backup: BackupTypes;
  tenant: TenantTypes;
}

/** Adds the Mutation root with the backup and tenant mutations. */
export function addMutationType(builder: Builder, types: MutationTypes): void {
  builder.mutationType({
    fields: (t) => ({
      ...backupMutations(t, types.backup),
      ...tenantMutations(t, types.tenant),
    }),
  });
}
