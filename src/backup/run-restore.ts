/**
 * Restore: planned and validated up front (the backup exists and succeeded, its format is one we
 * read, the node names map, the classes exist in it), then run in the background, where a class
 * that exists here already fails it (before anything is downloaded), as Weaviate's does.
 * Every chunk is loaded into a staging directory while its SHA-256 is checked; only when all of
 * them verified do the classes become visible, all at once (CollectionService.restore).
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Collection } from "../domain/index.ts";
import { notFound, unprocessable } from "../errors/index.ts";
import type { BackupCoordinatorDeps } from "./coordinator.ts";
import {
  BACKUP_CONFIG_KEY,
  BACKUP_FORMAT_VERSION,
  type BackupDescriptor,
  type ClassDescriptor,
  type NodeBackupDescriptor,
  nodeDescriptorKey,
} from "./format.ts";
import type { BackupBackend, BackupLocation } from "./ports.ts";
import { readChunk, readJson } from "./read.ts";
import { type BackupRestoreRequest, parseConfig, selectClasses } from "./requests.ts";
import { finishedEvent } from "./run-backup.ts";
import { cancelMessage, type OperationRecord } from "./status.ts";

export interface RestorePlan {
  path: string;
  classes: string[];
  node: NodeBackupDescriptor;
  location: BackupLocation;
}

function mapNode(backupNode: string, table: Readonly<Record<string, string>>, local: string): string {
  const mapped = table[backupNode] ?? backupNode;
  if (mapped !== local) {
    throw unprocessable(
      `cannot resolve hostname for "${backupNode}", nodes=[${local}], nodeMapping=${JSON.stringify(table)}: ` +
        "set node_mapping or CLUSTER_HOSTNAME to match the node the backup was taken on",
    );
  }
  return backupNode;
}

export async function planRestore(
  deps: BackupCoordinatorDeps,
  backend: BackupBackend,
  id: string,
  request: BackupRestoreRequest,
): Promise<RestorePlan> {
  const { location } = parseConfig(request.config);
  const home = backend.home(id, location);
  if (!(await backend.exists(id, BACKUP_CONFIG_KEY, location))) {
    throw notFound(`backup id "${id}" does not exist: no ${BACKUP_CONFIG_KEY} at "${home}"`);
  }
  const global = await readJson<BackupDescriptor>(backend, id, BACKUP_CONFIG_KEY, location);
  if (global.status !== "SUCCESS") throw unprocessable(`invalid backup in scheduler ${home} status: ${global.status}`);
  if ((global.formatVersion ?? 0) > BACKUP_FORMAT_VERSION) {
    throw unprocessable("unable to restore backup as it was produced by a higher version");
  }
  const backupNode = Object.keys(global.nodes)[0] ?? global.leader;
  mapNode(backupNode, request.nodeMapping ?? {}, deps.node);
  const node = await readJson<NodeBackupDescriptor>(backend, id, nodeDescriptorKey(backupNode), location);
  const inBackup = node.classes.map((c) => c.name).sort();
  const classes = selectClasses(request, inBackup, {
    missing: (name) => `class ${name} doesn't exist in the backup, but does have [${inBackup.join(" ")}]: `,
    empty: () => `nothing left to restore: please choose from : [${inBackup.join(" ")}]`,
  });
  // A class that exists already does not refuse the request: as in Weaviate, the restore starts
  // and then ends FAILED saying so (clients wait for that status).
  return { path: home, classes, node, location };
}

async function stageClass(
  deps: BackupCoordinatorDeps,
  backend: BackupBackend,
  record: OperationRecord,
  plan: RestorePlan,
  descriptor: ClassDescriptor,
  dir: string,
  signal: AbortSignal,
): Promise<Collection> {
  const definition = JSON.parse(Buffer.from(descriptor.schema, "base64").toString("utf8")) as Collection;
  for (const chunk of descriptor.chunks) {
    signal.throwIfAborted();
    const { stream, verified } = await readChunk(backend, record.id, chunk, plan.node.compressionType, plan.location);
    await deps.shards.loadStaged(path.join(dir, chunk.shard), chunk.shard, definition, stream);
    verified();
    record.bytesDone += chunk.bytes;
    record.filesDone++;
  }
  return definition;
}

/**
 * Weaviate never overwrites a class; its restore fails with `could not restore classes:
 * ["Article": class name Article already exists]` (the prefix is added where failures are
 * recorded).
 */
function refuseExisting(deps: BackupCoordinatorDeps, classes: readonly string[]): void {
  const existing = classes.filter((name) => deps.catalog.get(name));
  if (existing.length === 0) return;
  throw unprocessable(`[${existing.map((name) => `"${name}": class name ${name} already exists`).join(" ")}]`);
}

export async function runRestore(
  deps: BackupCoordinatorDeps,
  backend: BackupBackend,
  started: OperationRecord,
  plan: RestorePlan,
  signal: AbortSignal,
): Promise<void> {
  const chosen = plan.node.classes.filter((c) => plan.classes.includes(c.name));
  const record: OperationRecord = {
    ...started,
    status: "TRANSFERRING",
    filesTotal: chosen.reduce((sum, c) => sum + c.chunks.length, 0),
  };
  await deps.log.set(record);
  const staging = await deps.shards.stagingDir(record.id);
  try {
    refuseExisting(deps, plan.classes);
    const definitions: Collection[] = [];
    for (const descriptor of chosen) {
      const dir = path.join(staging, descriptor.name);
      // A class can have no chunk at all (tenants that are all offloaded, or none).
      await mkdir(dir, { recursive: true });
      definitions.push(await stageClass(deps, backend, record, plan, descriptor, dir, signal));
    }
    signal.throwIfAborted();
    await deps.log.set({ ...record, status: "FINALIZING" });
    const withTenants = chosen.filter((descriptor) => descriptor.tenants !== undefined);
    try {
      for (const descriptor of withTenants) await deps.shards.restoreTenants(descriptor.name, descriptor.tenants ?? []);
      const stateOf = (className: string) => {
        const encoded = chosen.find((descriptor) => descriptor.name === className)?.shardingState;
        return encoded === undefined ? undefined : JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
      };
      await deps.catalog.restore(definitions, (className) =>
        deps.shards.placeCollection(className, path.join(staging, className), stateOf(className)),
      );
    } catch (error) {
      for (const descriptor of withTenants) await deps.shards.forgetTenants(descriptor.name).catch(() => undefined);
      throw error;
    }
    await rm(staging, { recursive: true, force: true });
    deps.metrics?.finished(finishedEvent(record, backend, "SUCCESS"));
    await deps.log.set({ ...record, status: "SUCCESS", completedAt: new Date().toISOString() });
    deps.logger.info({ backup: record.id, classes: record.classes }, "restore finished");
  } catch (error) {
    // Staged data goes before the final status, so whoever sees FAILED sees nothing left.
    await rm(staging, { recursive: true, force: true });
    const canceled = signal.aborted;
    deps.metrics?.finished(finishedEvent(record, backend, canceled ? "CANCELED" : "FAILED"));
    await deps.log.set({
      ...record,
      status: canceled ? "CANCELED" : "FAILED",
      error: canceled ? cancelMessage("restore", signal) : `could not restore classes: ${(error as Error).message}`,
      completedAt: new Date().toISOString(),
    });
    if (!canceled) deps.logger.error({ backup: record.id, err: error }, "restore failed");
  }
}
