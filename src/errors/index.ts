/**
 * Typed application errors. Every error a client can provoke is an AppError with a stable code;
 * the HTTP status (and later the GraphQL rendering) is derived from the code in exactly one place,
 * so handlers never pick statuses themselves.
 */

/** Stable error codes. Tests assert these, not message text. */
export type ErrorCode =
  | "BAD_REQUEST" // malformed input the API layer rejects (400)
  | "UNPROCESSABLE" // well-formed input that breaks a rule (422)
  | "NOT_FOUND" // the addressed thing does not exist (404)
  | "NOT_FOUND_SILENT" // 404 without a body, as Weaviate answers for missing classes/objects
  | "CONFLICT" // e.g. an object id that already exists (422 in Weaviate's API)
  | "READ_ONLY" // a write to a shard set READONLY (Weaviate answers 500; it is the client's doing: 422)
  | "UNAUTHENTICATED" // no or a bad credential (401, in go-openapi's {code, message} family)
  | "FORBIDDEN" // the user may not do this (403)
  | "PAYLOAD_TOO_LARGE" // 413
  | "UNSUPPORTED_MEDIA_TYPE" // 415
  | "METHOD_NOT_ALLOWED" // 405
  | "NOT_READY" // storage not open yet / shutting down (503)
  | "RESOURCE_CLOSED" // a native resource was used after close (503)
  | "INTERNAL"; // a bug: 500

const statusByCode: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNPROCESSABLE: 422,
  NOT_FOUND: 404,
  NOT_FOUND_SILENT: 404,
  CONFLICT: 422,
  READ_ONLY: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  NOT_READY: 503,
  RESOURCE_CLOSED: 503,
  INTERNAL: 500,
};

/** Base class for every error we raise on purpose. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
  }
}

/** 422: input is well formed but violates a rule (Weaviate's most common client error). */
export const unprocessable = (message: string) => new AppError("UNPROCESSABLE", message);
/** 400: the request itself is malformed. */
export const badRequest = (message: string) => new AppError("BAD_REQUEST", message);
/** 404 with a message body. */
export const notFound = (message: string) => new AppError("NOT_FOUND", message);
/** 404 with an empty body (Weaviate does this for missing classes and objects). */
export const notFoundSilent = (what: string) => new AppError("NOT_FOUND_SILENT", what);
/** 401: the request carries no credential, or one nobody issued. */
export const unauthenticated = (message: string) => new AppError("UNAUTHENTICATED", message);
/** 403: the authenticated user may not do what the request asks. */
export const forbidden = (message: string) => new AppError("FORBIDDEN", message);
/** A write refused because the shard was set READONLY (PUT /v1/schema/{c}/shards/{s}). */
export const readOnly = (shard: string) =>
  new AppError("READ_ONLY", `shard="${shard}": store is read-only due to: manually set by user`);
/** A native resource (RocksDB, vector index) used after it was closed. */
export const resourceClosed = (what: string) =>
  new AppError("RESOURCE_CLOSED", `${what} is closed`);

/** The HTTP status for an error code: the one table. */
export function httpStatusFor(code: ErrorCode): number {
  return statusByCode[code];
}

/** Whether the HTTP rendering of this code carries no body. */
export function isSilent(code: ErrorCode): boolean {
  return code === "NOT_FOUND_SILENT";
}

/**
 * Whether the HTTP rendering of this code is go-openapi's `{"code":<status>,"message":"..."}`
 * (Weaviate's framework answers authentication failures so) instead of the handler family
 * `{"error":[{"message":"..."}]}`.
 */
export function isFrameworkShaped(code: ErrorCode): boolean {
  return code === "UNAUTHENTICATED";
}

/** True for AppError instances, including ones created in another realm of this process. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
