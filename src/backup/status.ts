/**
 * Backup and restore operations as records, kept in memory and in `<data>/backup-operations.json`
 * (rewritten on every status change), so a status survives a restart. An operation a restart
 * interrupted is ended CANCELED with Weaviate's reason, and its id can be used again.
 */
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../lib/index.ts";
import type { BackupStatus } from "./format.ts";
import type { BackupBackendName } from "./ports.ts";

export type OperationKind = "backup" | "restore";

export interface OperationRecord {
  kind: OperationKind;
  backend: BackupBackendName;
  id: string;
  status: BackupStatus;
  error?: string;
  path: string;
  classes: string[];
  startedAt: string;
  completedAt?: string;
  /** Ours: progress of the transfer. */
  bytesDone: number;
  filesDone: number;
  filesTotal: number;
  /** Stored (compressed) bytes of the finished backup. */
  sizeBytes?: number;
}

const finished = new Set<BackupStatus>(["SUCCESS", "FAILED", "CANCELED"]);

/** The abort reason of operations canceled because the node is shutting down. */
export const NODE_SHUTDOWN = new Error("the node is shutting down");

/** The error recorded for a canceled operation: by a DELETE, or by the node shutting down. */
export function cancelMessage(kind: OperationKind, signal: AbortSignal): string {
  return signal.reason === NODE_SHUTDOWN ? `${kind} canceled due to node shutdown` : `${kind} canceled`;
}
export const isFinished = (status: BackupStatus) => finished.has(status);

const keyOf = (kind: OperationKind, backend: BackupBackendName, id: string) => `${kind}/${backend}/${id}`;

export class OperationLog {
  private readonly records = new Map<string, OperationRecord>();
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    let saved: OperationRecord[] = [];
    try {
      saved = JSON.parse(await readFile(this.file, "utf8")) as OperationRecord[];
    } catch {
      // First start, or an unreadable file: no history.
    }
    let interrupted = false;
    for (const record of saved) {
      if (!isFinished(record.status)) {
        interrupted = true;
        record.status = "CANCELED";
        record.error = `${record.kind} canceled due to node restart`;
        record.completedAt = new Date().toISOString();
      }
      this.records.set(keyOf(record.kind, record.backend, record.id), record);
    }
    if (interrupted) await this.save();
  }

  get(kind: OperationKind, backend: BackupBackendName, id: string): OperationRecord | undefined {
    return this.records.get(keyOf(kind, backend, id));
  }

  /** The operation in progress, if any (one at a time, backup or restore). */
  running(): OperationRecord | undefined {
    return [...this.records.values()].find((record) => !isFinished(record.status));
  }

  /** Records a new status (persisted); progress fields are kept in memory only. */
  async set(record: OperationRecord): Promise<void> {
    this.records.set(keyOf(record.kind, record.backend, record.id), record);
    await this.save();
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify([...this.records.values()]);
    this.saving = this.saving.then(() => writeFileAtomic(this.file, snapshot)).catch(() => undefined);
    return this.saving;
  }
}
