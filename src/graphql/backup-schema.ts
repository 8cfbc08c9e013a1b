/**
 * Backups in GraphQL, on the same use case as REST: the types, and the root fields as field maps
 * for the roots to gather (queries `backup`, `backups`, `restoreStatus` and the subscription
 * `backupProgress` in build-schema.ts; mutations `createBackup`, `restoreBackup`, `cancelBackup`,
 * `cancelRestore` in mutations.ts). A `wait: true` mutation answers once the operation has ended.
 * Use-case errors become GraphQL errors (errors.ts).
 */
import type { ArgBuilder } from "@pothos/core";
import type { BackupConfigInput, BackupCreateRequest, BackupRestoreRequest } from "../backup/index.ts";
import type { Builder, MutationFields, QueryFields, SubscriptionFields, Types } from "./builder.ts";
import type { GraphQLContext } from "./context.ts";

/** What the GraphQL layer needs from the backup use case (the coordinator implements it). */
export interface BackupOperations {
  create(backend: string, request: BackupCreateRequest): Promise<BackupReply>;
  restore(backend: string, id: string, request: BackupRestoreRequest): Promise<BackupReply>;
  status(kind: "backup" | "restore", backend: string, id: string): Promise<BackupReply>;
  list(backend: string, order?: "asc" | "desc"): Promise<Array<Record<string, unknown>>>;
  cancel(kind: "backup" | "restore", backend: string, id: string): Promise<void>;
}

export interface BackupReply {
  id: string;
  backend: string;
  path: string;
  status: string;
  classes?: string[];
  error?: string;
  startedAt?: string;
  completedAt?: string;
  size?: number;
  bytesDone?: number;
  filesDone?: number;
  filesTotal?: number;
}

/** Root fields that work while no class exists (a restore usually starts from an empty server). */
export const backupRootFields = new Set(["backup", "backups", "restoreStatus", "backupProgress"]);

const WAIT_POLL_MS = 100;
const PROGRESS_INTERVAL_MS = 250;
const finished = new Set(["SUCCESS", "FAILED", "CANCELED"]);

async function waitFor(
  operations: BackupOperations,
  kind: "backup" | "restore",
  started: BackupReply,
): Promise<BackupReply> {
  let current = started;
  while (!finished.has(current.status)) {
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    current = { ...(await operations.status(kind, started.backend, started.id)), classes: started.classes };
  }
  return current;
}

/** Yields the status every PROGRESS_INTERVAL_MS while it changes, and once more when it ends. */
async function* progress(
  operations: BackupOperations,
  kind: "backup" | "restore",
  backend: string,
  id: string,
): AsyncGenerator<BackupReply> {
  let last = "";
  while (true) {
    const status = await operations.status(kind, backend, id);
    const seen = JSON.stringify(status);
    if (seen !== last) yield status;
    last = seen;
    if (finished.has(status.status)) return;
    await new Promise((resolve) => setTimeout(resolve, PROGRESS_INTERVAL_MS));
  }
}

/** The backend and id arguments every operation on one backup takes. */
const target = (arg: ArgBuilder<Types>) => ({ backend: arg.string({ required: true }), id: arg.string({ required: true }) });
/** The classes a backup or restore covers. */
const selection = (arg: ArgBuilder<Types>) => ({ include: arg.stringList(), exclude: arg.stringList() });
const ops = (context: GraphQLContext) => context.backups;

/** Defines the backup types; the root fields below take them. */
export function backupTypes(builder: Builder) {
  const status = builder.objectRef<BackupReply>("BackupStatus").implement({
    description: "A backup or restore operation (Weaviate's status reply, plus progress)",
    fields: (t) => ({
      id: t.exposeString("id"),
      backend: t.exposeString("backend"),
      path: t.exposeString("path"),
      status: t.exposeString("status"),
      classes: t.stringList({ nullable: { list: true, items: true }, resolve: (r) => r.classes ?? null }),
      error: t.string({ nullable: true, resolve: (r) => r.error ?? null }),
      startedAt: t.string({ nullable: true, resolve: (r) => r.startedAt ?? null }),
      completedAt: t.string({ nullable: true, resolve: (r) => r.completedAt ?? null }),
      size: t.float({ nullable: true, description: "GiB", resolve: (r) => r.size ?? null }),
      bytesDone: t.float({ nullable: true, resolve: (r) => r.bytesDone ?? null }),
      filesDone: t.int({ nullable: true, resolve: (r) => r.filesDone ?? null }),
      filesTotal: t.int({ nullable: true, resolve: (r) => r.filesTotal ?? null }),
    }),
  });
  const listed = builder.objectRef<Record<string, unknown>>("BackupListItem").implement({
    fields: (t) => ({
      id: t.string({ resolve: (r) => String(r["id"]) }),
      classes: t.stringList({ resolve: (r) => (r["classes"] as string[]) ?? [] }),
      status: t.string({ resolve: (r) => String(r["status"]) }),
      startedAt: t.string({ nullable: true, resolve: (r) => (r["startedAt"] as string) ?? null }),
      completedAt: t.string({ nullable: true, resolve: (r) => (r["completedAt"] as string) ?? null }),
      size: t.float({ nullable: true, resolve: (r) => (r["size"] as number) ?? null }),
    }),
  });
  const config = builder.inputType("BackupConfigInpObj", {
    fields: (t) => ({
      CPUPercentage: t.int(),
      CompressionLevel: t.string(),
      Bucket: t.string(),
      Path: t.string(),
    }),
  });
  const nodeMapping = builder.inputType("BackupNodeMappingInpObj", {
    fields: (t) => ({ from: t.string({ required: true }), to: t.string({ required: true }) }),
  });
  return { status, listed, config, nodeMapping };
}

export type BackupTypes = ReturnType<typeof backupTypes>;

/** Query fields `backup`, `restoreStatus`, `backups`. */
export function backupQueries(t: QueryFields, types: BackupTypes) {
  return {
    backup: t.field({
      type: types.status,
      args: target(t.arg),
      resolve: (_root, args, context) => ops(context).status("backup", args.backend, args.id),
    }),
    restoreStatus: t.field({
      type: types.status,
      args: target(t.arg),
      resolve: (_root, args, context) => ops(context).status("restore", args.backend, args.id),
    }),
    backups: t.field({
      type: [types.listed],
      args: { backend: t.arg.string({ required: true }) },
      resolve: (_root, args, context) => ops(context).list(args.backend),
    }),
  };
}

/** Subscription field `backupProgress`. */
export function backupSubscriptions(t: SubscriptionFields, types: BackupTypes) {
  return {
    backupProgress: t.field({
      type: types.status,
      description: "Status and progress of a backup (or, with restore: true, its restore) until it ends",
      args: { ...target(t.arg), restore: t.arg.boolean() },
      subscribe: (_root, args, context) =>
        progress(ops(context), args.restore ? "restore" : "backup", args.backend, args.id),
      resolve: (status) => status,
    }),
  };
}

type Maybe<T> = T | null | undefined;

/** GraphQL's null means "not given", as an absent key does in the REST body. */
function selectionOf(args: {
  include?: Maybe<string[]>;
  exclude?: Maybe<string[]>;
  config?: Maybe<{ [K in keyof BackupConfigInput]?: Maybe<BackupConfigInput[K]> }>;
}) {
  const config: BackupConfigInput = {};
  for (const [key, value] of Object.entries(args.config ?? {})) {
    if (value !== null && value !== undefined) (config as Record<string, unknown>)[key] = value;
  }
  return {
    ...(args.include ? { include: args.include } : {}),
    ...(args.exclude ? { exclude: args.exclude } : {}),
    ...(args.config ? { config } : {}),
  };
}

/** Mutation fields `createBackup`, `restoreBackup`, `cancelBackup`, `cancelRestore`. */
export function backupMutations(t: MutationFields, types: BackupTypes) {
  return {
    createBackup: t.field({
      type: types.status,
      args: { ...target(t.arg), ...selection(t.arg), config: t.arg({ type: types.config }), wait: t.arg.boolean() },
      resolve: async (_root, args, context) => {
        const started = await ops(context).create(args.backend, { id: args.id, ...selectionOf(args) });
        return args.wait ? waitFor(ops(context), "backup", started) : started;
      },
    }),
    restoreBackup: t.field({
      type: types.status,
      args: {
        ...target(t.arg),
        ...selection(t.arg),
        config: t.arg({ type: types.config }),
        nodeMapping: t.arg({ type: [types.nodeMapping] }),
        wait: t.arg.boolean(),
      },
      resolve: async (_root, args, context) => {
        const { backend, id, wait, nodeMapping } = args;
        const mapping = Object.fromEntries((nodeMapping ?? []).map((m) => [m.from, m.to]));
        const started = await ops(context).restore(backend, id, { ...selectionOf(args), nodeMapping: mapping });
        return wait ? waitFor(ops(context), "restore", started) : started;
      },
    }),
    cancelBackup: t.boolean({
      args: target(t.arg),
      resolve: async (_root, args, context) => {
        await ops(context).cancel("backup", args.backend, args.id);
        return true;
      },
    }),
    cancelRestore: t.boolean({
      args: target(t.arg),
      resolve: async (_root, args, context) => {
        await ops(context).cancel("restore", args.backend, args.id);
        return true;
      },
    }),
  };
}
