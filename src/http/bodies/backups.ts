/**
 * The bodies of POST /v1/backups/{backend} and .../{id}/restore, parsed into the backup use
 * case's requests, with Weaviate's messages for fields of the wrong type. Keys Weaviate's models
 * lack are ignored; value rules (id pattern, CPUPercentage range, level names, classes) are the
 * use case's.
 */
import type { BackupConfigInput, BackupCreateRequest, BackupRestoreRequest } from "../../backup/index.ts";
import { unprocessable } from "../../errors/index.ts";

type Json = Record<string, unknown>;

function object(body: unknown): Json {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw unprocessable("the request body must be a JSON object");
  }
  return body as Json;
}

function classNames(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw unprocessable(`malformed request: '${field}' must be a list of class names`);
  }
  return value;
}

function config(raw: unknown): BackupConfigInput | undefined {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const { CPUPercentage, CompressionLevel, Bucket, Path } = raw as Json;
  if (CPUPercentage !== undefined && typeof CPUPercentage !== "number") {
    throw unprocessable(`invalid config: CPUPercentage must be between 1 and 80, got ${JSON.stringify(CPUPercentage)}`);
  }
  if (CompressionLevel !== undefined && typeof CompressionLevel !== "string") {
    throw unprocessable(`invalid config: CompressionLevel ${JSON.stringify(CompressionLevel)} is not a level name`);
  }
  return {
    ...(CPUPercentage !== undefined ? { CPUPercentage } : {}),
    ...(CompressionLevel !== undefined ? { CompressionLevel } : {}),
    ...(typeof Bucket === "string" ? { Bucket } : {}),
    ...(typeof Path === "string" ? { Path } : {}),
  };
}

function selection(body: Json) {
  const include = classNames(body["include"], "include");
  const exclude = classNames(body["exclude"], "exclude");
  const settings = config(body["config"]);
  return { ...(include ? { include } : {}), ...(exclude ? { exclude } : {}), ...(settings ? { config: settings } : {}) };
}

export function parseBackupCreate(body: unknown): BackupCreateRequest {
  const request = object(body);
  const id = request["id"] ?? "";
  if (typeof id !== "string") {
    throw unprocessable(`invalid backup id: '${String(id)}' allowed characters are lowercase, 0-9, _, -`);
  }
  return { id, ...selection(request) };
}

export function parseBackupRestore(body: unknown): BackupRestoreRequest {
  const request = object(body ?? {});
  const mapping = request["node_mapping"];
  const nodeMapping: Record<string, string> = {};
  if (mapping !== null && typeof mapping === "object" && !Array.isArray(mapping)) {
    for (const [from, to] of Object.entries(mapping)) if (typeof to === "string") nodeMapping[from] = to;
  }
  return { ...selection(request), nodeMapping };
}
