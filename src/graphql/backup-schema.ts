/**
 * Backups in GraphQL, on the same use case as REST: queries `backup`, `backups`, `restoreStatus`
 * and mutations `createBackup`, `restoreBackup`, `cancelBackup`, `cancelRestore`. A `wait: true`
 * mutation answers once the operation has ended. Use-case errors become GraphQL errors (errors.ts).
 */
import type { GraphQLContext } from "./context.ts";

/** What the GraphQL layer needs from the backup use case (the coordinator implements it). */
export interface BackupOperations {
  create(backend: string, body: unknown): Promise<BackupReply>;
  restore(backend: string, id: string, body: unknown): Promise<BackupReply>;
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

// Pothos' builder type is generic over the schema's types; these fields only need its methods.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Builder = any;

export function addBackupFields(builder: Builder): void {
  const Status = builder.objectRef("BackupStatus").implement({
    description: "A backup or restore operation (Weaviate's status reply, plus progress)",
    fields: (t: Builder) => ({
      id: t.exposeString("id"),
      backend: t.exposeString("backend"),
      path: t.exposeString("path"),
      status: t.exposeString("status"),
      classes: t.stringList({ nullable: { list: true, items: true }, resolve: (r: BackupReply) => r.classes ?? null }),
      error: t.string({ nullable: true, resolve: (r: BackupReply) => r.error ?? null }),
      startedAt: t.string({ nullable: true, resolve: (r: BackupReply) => r.startedAt ?? null }),
      completedAt: t.string({ nullable: true, resolve: (r: BackupReply) => r.completedAt ?? null }),
      size: t.float({ nullable: true, description: "GiB", resolve: (r: BackupReply) => r.size ?? null }),
      bytesDone: t.float({ nullable: true, resolve: (r: BackupReply) => r.bytesDone ?? null }),
      filesDone: t.int({ nullable: true, resolve: (r: BackupReply) => r.filesDone ?? null }),
      filesTotal: t.int({ nullable: true, resolve: (r: BackupReply) => r.filesTotal ?? null }),
    }),
  });
  const Listed = builder.objectRef("BackupListItem").implement({
    fields: (t: Builder) => ({
      id: t.string({ resolve: (r: Record<string, unknown>) => String(r["id"]) }),
      classes: t.stringList({ resolve: (r: Record<string, unknown>) => (r["classes"] as string[]) ?? [] }),
      status: t.string({ resolve: (r: Record<string, unknown>) => String(r["status"]) }),
      startedAt: t.string({ nullable: true, resolve: (r: Record<string, unknown>) => (r["startedAt"] as string) ?? null }),
      completedAt: t.string({ nullable: true, resolve: (r: Record<string, unknown>) => (r["completedAt"] as string) ?? null }),
      size: t.float({ nullable: true, resolve: (r: Record<string, unknown>) => (r["size"] as number) ?? null }),
    }),
  });
  const Config = builder.inputType("BackupConfigInpObj", {
    fields: (t: Builder) => ({
      CPUPercentage: t.int(),
      CompressionLevel: t.string(),
      Bucket: t.string(),
      Path: t.string(),
    }),
  });
  const NodeMapping = builder.inputType("BackupNodeMappingInpObj", {
    fields: (t: Builder) => ({ from: t.string({ required: true }), to: t.string({ required: true }) }),
  });
  const target = (t: Builder) => ({ backend: t.arg.string({ required: true }), id: t.arg.string({ required: true }) });
  const selection = (t: Builder) => ({ include: t.arg.stringList(), exclude: t.arg.stringList() });
  const ops = (context: GraphQLContext) => context.backups;

  builder.queryFields((t: Builder) => ({
    backup: t.field({
      type: Status,
      args: target(t),
      resolve: (_: unknown, args: { backend: string; id: string }, context: GraphQLContext) =>
        ops(context).status("backup", args.backend, args.id),
    }),
    restoreStatus: t.field({
      type: Status,
      args: target(t),
      resolve: (_: unknown, args: { backend: string; id: string }, context: GraphQLContext) =>
        ops(context).status("restore", args.backend, args.id),
    }),
    backups: t.field({
      type: [Listed],
      args: { backend: t.arg.string({ required: true }) },
      resolve: (_: unknown, args: { backend: string }, context: GraphQLContext) => ops(context).list(args.backend),
    }),
  }));

  builder.subscriptionType({
    fields: (t: Builder) => ({
      backupProgress: t.field({
        type: Status,
        description: "Status and progress of a backup (or, with restore: true, its restore) until it ends",
        args: { ...target(t), restore: t.arg.boolean() },
        subscribe: (_: unknown, args: { backend: string; id: string; restore?: boolean | null }, context: GraphQLContext) =>
          progress(ops(context), args.restore ? "restore" : "backup", args.backend, args.id),
        resolve: (status: BackupReply) => status,
      }),
    }),
  });

  builder.mutationType({
    fields: (t: Builder) => ({
      createBackup: t.field({
        type: Status,
        args: { ...target(t), ...selection(t), config: t.arg({ type: Config }), wait: t.arg.boolean() },
        resolve: async (_: unknown, args: Record<string, unknown>, context: GraphQLContext) => {
          const { backend, wait, ...body } = args;
          const started = await ops(context).create(backend as string, body);
          return wait ? waitFor(ops(context), "backup", started) : started;
        },
      }),
      restoreBackup: t.field({
        type: Status,
        args: {
          ...target(t),
          ...selection(t),
          config: t.arg({ type: Config }),
          nodeMapping: t.arg({ type: [NodeMapping] }),
          wait: t.arg.boolean(),
        },
        resolve: async (_: unknown, args: Record<string, unknown>, context: GraphQLContext) => {
          const { backend, id, wait, nodeMapping, ...body } = args;
          const node_mapping = Object.fromEntries(
            ((nodeMapping as Array<{ from: string; to: string }> | null) ?? []).map((m) => [m.from, m.to]),
          );
          const started = await ops(context).restore(backend as string, id as string, { ...body, node_mapping });
          return wait ? waitFor(ops(context), "restore", started) : started;
        },
      }),
      cancelBackup: t.boolean({
        args: target(t),
        resolve: async (_: unknown, args: { backend: string; id: string }, context: GraphQLContext) => {
          await ops(context).cancel("backup", args.backend, args.id);
          return true;
        },
      }),
      cancelRestore: t.boolean({
        args: target(t),
        resolve: async (_: unknown, args: { backend: string; id: string }, context: GraphQLContext) => {
          await ops(context).cancel("restore", args.backend, args.id);
          return true;
        },
      }),
    }),
  });
}
