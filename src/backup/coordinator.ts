/**
 * The backup use case: one operation at a time (backup or restore), validated up front with
 * Weaviate's messages, then run in the background while clients poll its status. REST routes and
 * GraphQL mutations both call this.
 */
import type { BackupDescriptor } from "./format.ts";
import { BACKUP_CONFIG_KEY } from "./format.ts";
import type { BackupBackend, BackupBackendName, BackupCatalog, BackupShards } from "./ports.ts";
import { readJson } from "./read.ts";
import {
  type BackupCreateRequest,
  type BackupRestoreRequest,
  backendName,
  checkId,
  parseConfig,
  selectClasses,
} from "./requests.ts";
import { runBackup } from "./run-backup.ts";
import { planRestore, runRestore } from "./run-restore.ts";
import { NODE_SHUTDOWN, type OperationKind, type OperationLog, type OperationRecord } from "./status.ts";
import { notFound, unprocessable } from "../errors/index.ts";

export interface BackupLogger {
  info(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

/** What an ended operation reports (the metrics port: the consumer decides what to record). */
export interface BackupFinished {
  kind: OperationKind;
  backend: BackupBackendName;
  status: "SUCCESS" | "FAILED" | "CANCELED";
  /** From the request to the final status. */
  seconds: number;
  /** Bytes stored (backup, after compression) or read (restore) before it ended. */
  bytes: number;
}

export interface BackupMetrics {
  finished(event: BackupFinished): void;
}

export interface BackupCoordinatorDeps {
  backends: ReadonlyMap<BackupBackendName, BackupBackend>;
  catalog: BackupCatalog;
  shards: BackupShards;
  log: OperationLog;
  node: string;
  serverVersion: string;
  logger: BackupLogger;
  metrics?: BackupMetrics;
}

/** The reply to a started operation, and the status replies, in Weaviate's field names. */
export interface OperationReply {
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

const ZERO_TIME = "0001-01-01T00:00:00.000Z";

export function replyOf(record: OperationRecord, withClasses = false): OperationReply {
  return {
    id: record.id,
    backend: record.backend,
    path: record.path,
    status: record.status,
    ...(withClasses ? { classes: record.classes } : {}),
    ...(record.error ? { error: record.error } : {}),
    startedAt: record.startedAt,
    completedAt: record.completedAt ?? ZERO_TIME,
    size: (record.sizeBytes ?? 0) / 1024 ** 3,
    bytesDone: record.bytesDone,
    filesDone: record.filesDone,
    filesTotal: record.filesTotal,
  };
}

export class BackupCoordinator {
  private readonly aborts = new Map<string, AbortController>();
  /** Operations running in the background, by "<kind>/<backend>/<id>". */
  private readonly runs = new Map<string, Promise<void>>();
  private shuttingDown = false;

  constructor(private readonly deps: BackupCoordinatorDeps) {}

  private backend(raw: string): BackupBackend {
    const name = backendName(raw, new Set(this.deps.backends.keys()));
    return this.deps.backends.get(name)!;
  }

  private checkIdle(): void {
    if (this.shuttingDown) throw unprocessable("the node is shutting down: no new backup or restore can start");
    const running = this.deps.log.running();
    if (running) {
      throw unprocessable(running.kind === "backup" ? `backup ${running.id} already in progress` : `restoration ${running.id} already in progress`);
    }
  }

  /** POST /v1/backups/{backend}. */
  async create(rawBackend: string, request: BackupCreateRequest): Promise<OperationReply> {
    const backend = this.backend(rawBackend);
    const id = checkId(request.id);
    const config = parseConfig(request.config);
    const available = this.deps.catalog.list().map((collection) => collection.class).sort();
    if (available.length === 0) throw unprocessable("no available classes to backup, there's nothing to do here");
    const classes = selectClasses(request, available, {
      missing: (name) => `class ${name} doesn't exist`,
      empty: () => `empty class list: please choose from : [${available.join(" ")}]`,
    });
    this.checkIdle();
    const path = backend.home(id, config.location);
    if (await backend.exists(id, BACKUP_CONFIG_KEY, config.location)) {
      const existing = await readJson<BackupDescriptor>(backend, id, BACKUP_CONFIG_KEY, config.location);
      if (existing.status !== "CANCELED") throw unprocessable(`backup "${id}" already exists at "${path}"`);
    }
    await backend.checkAccess(id, config.location);
    this.checkIdle();
    const record: OperationRecord = {
      kind: "backup", backend: backend.name, id, status: "STARTED", path, classes,
      startedAt: new Date().toISOString(), bytesDone: 0, filesDone: 0, filesTotal: 0,
    };
    await this.deps.log.set(record);
    this.start(`backup/${backend.name}/${id}`, (signal) => runBackup(this.deps, backend, record, config, signal));
    return replyOf(record, true);
  }

  /** GET /v1/backups/{backend}/{id} and .../restore. */
  async status(kind: OperationKind, rawBackend: string, id: string): Promise<OperationReply> {
    const backend = this.backend(rawBackend);
    checkId(id);
    const record = this.deps.log.get(kind, backend.name, id);
    if (record) return replyOf(record);
    if (kind === "backup" && (await backend.exists(id, BACKUP_CONFIG_KEY))) {
      const stored = await readJson<BackupDescriptor>(backend, id, BACKUP_CONFIG_KEY);
      return { id, backend: backend.name, path: backend.home(id), status: stored.status, startedAt: stored.startedAt, completedAt: stored.completedAt, ...(stored.error ? { error: stored.error } : {}) };
    }
    throw notFound(kind === "backup" ? `backup id "${id}" does not exist` : `restore for backup "${id}" does not exist`);
  }

  /** GET /v1/backups/{backend}: every finished backup found at the backend, newest first. */
  async list(rawBackend: string, order: "asc" | "desc" = "desc"): Promise<Array<Record<string, unknown>>> {
    const backend = this.backend(rawBackend);
    const found: Array<Record<string, unknown>> = [];
    for (const id of await backend.listIds()) {
      if (!(await backend.exists(id, BACKUP_CONFIG_KEY))) continue;
      const stored = await readJson<BackupDescriptor>(backend, id, BACKUP_CONFIG_KEY);
      const classes = Object.values(stored.nodes).flatMap((node) => node.classes);
      found.push({ id, classes, status: stored.status, startedAt: stored.startedAt, completedAt: stored.completedAt, size: stored.preCompressionSizeBytes / 1024 ** 3 });
    }
    found.sort((a, b) => String(a["startedAt"]).localeCompare(String(b["startedAt"])));
    return order === "asc" ? found : found.reverse();
  }

  /** DELETE /v1/backups/{backend}/{id} and .../restore: cancels a running operation. */
  async cancel(kind: OperationKind, rawBackend: string, id: string): Promise<void> {
    const backend = this.backend(rawBackend);
    checkId(id);
    const record = this.deps.log.get(kind, backend.name, id);
    if (!record || record.status === "CANCELED" || record.status === "FAILED") return;
    if (record.status === "SUCCESS") throw unprocessable(`${kind === "backup" ? "backup" : "restore"} "${id}" already succeeded`);
    if (record.status === "FINALIZING") throw unprocessable(`restore "${id}" is applying schema changes and cannot be cancelled`);
    await this.deps.log.set({ ...record, status: "CANCELLING" });
    this.aborts.get(`${kind}/${backend.name}/${id}`)?.abort(new Error("canceled"));
  }

  /** POST /v1/backups/{backend}/{id}/restore. */
  async restore(rawBackend: string, id: string, request: BackupRestoreRequest): Promise<OperationReply> {
    const backend = this.backend(rawBackend);
    checkId(id);
    const plan = await planRestore(this.deps, backend, id, request);
    this.checkIdle();
    const record: OperationRecord = {
      kind: "restore", backend: backend.name, id, status: "STARTED", path: plan.path, classes: plan.classes,
      startedAt: new Date().toISOString(), bytesDone: 0, filesDone: 0, filesTotal: 0,
    };
    await this.deps.log.set(record);
    this.start(`restore/${backend.name}/${id}`, (signal) => runRestore(this.deps, backend, record, plan, signal));
    return replyOf(record, true);
  }

  /** Runs an operation in the background, cancellable through its key. */
  private start(key: string, run: (signal: AbortSignal) => Promise<void>): void {
    const abort = new AbortController();
    this.aborts.set(key, abort);
    const done = run(abort.signal).finally(() => {
      this.aborts.delete(key);
      this.runs.delete(key);
    });
    this.runs.set(key, done);
  }

  /**
   * The node is stopping: no operation starts any more, the one under way is canceled (its
   * data removed from the backend, its status CANCELED "... due to node shutdown") and this
   * resolves once it has ended. A restore already applying its schema changes finishes instead.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const abort of this.aborts.values()) abort.abort(NODE_SHUTDOWN);
    await Promise.allSettled([...this.runs.values()]);
  }
}
