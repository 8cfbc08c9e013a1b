/**
 * What the object use cases take and give back, free of any transport: the REST routes (and any
 * other transport) parse their bodies into these, and render these results in their own shapes.
 */
import type { Filter, StoredObject } from "../domain/index.ts";
import type { AppError } from "../errors/index.ts";

/** An object to write: Weaviate's models.Object as a client sends it (all optional; rules apply later). */
export interface ObjectInput {
  class?: string;
  id?: string;
  properties?: Record<string, unknown> | null;
  /** The class-level vector, as sent (checked to be numbers when the object is built). */
  vector?: unknown[] | null;
  /** Named vectors, as sent. */
  vectors?: Record<string, unknown> | null;
  tenant?: string;
}

/**
 * One item of a batch: parsed, or refused by its transport already (that item then fails alone,
 * with this error, and the batch goes on).
 */
export type BatchItem<T> = { ok: T } | { invalid: AppError };

/** One reference of POST /v1/batch/references: source `weaviate://localhost/<Class>/<id>/<prop>`, target beacon. */
export interface ReferenceInput {
  from: string;
  to: string;
  tenant?: string;
}

/** A batch item's outcome, in input order: the object as stored, or why it failed. */
export type BatchOutcome = { object: StoredObject } | { error: AppError };

/** A batch reference's outcome, in input order. */
export type ReferenceOutcome = { ok: true } | { error: AppError };

/** DELETE /v1/batch/objects, parsed. */
export interface BatchDeleteRequest {
  className: string;
  filter: Filter;
  dryRun: boolean;
}

/** What a batch delete matched and did; at most `limit` objects per call. */
export interface BatchDeleteOutcome {
  /** The collection's name as the schema spells it. */
  className: string;
  limit: number;
  /** Every matched object with what happened to it. */
  objects: Array<{ id: string; status: "SUCCESS" | "DRYRUN" | "FAILED"; error?: AppError }>;
  successful: number;
  failed: number;
}
