/** What the REST routes are given: the use cases, the config and the readiness flag. */
import type { BackupCoordinator } from "../backup/index.ts";
import type { CollectionService } from "../collections/index.ts";
import type { Config } from "../config/index.ts";
import type { GraphQLService } from "../graphql/index.ts";
import type { NodesService } from "../nodes/index.ts";
import type { ObjectService } from "../objects/index.ts";
import type { TenantService } from "../tenants/index.ts";

export interface Readiness {
  /** True once storage is open, false again while shutting down. */
  ready: boolean;
}

export interface HttpDeps {
  config: Config;
  collections: CollectionService;
  objects: ObjectService;
  readiness: Readiness;
  version: string;
  graphql: GraphQLService;
  backups: BackupCoordinator;
  tenants: TenantService<unknown>;
  nodes: NodesService;
}
