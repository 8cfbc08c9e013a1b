/**
 * SDK failures as AppErrors whose message names the bucket and the endpoint, so an operator
 * reading "backup failed" knows which store to look at and what to fix.
 */
import { AppError } from "../errors/index.ts";

/** What an SDK error carries that we look at. */
interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const asSdkError = (error: unknown): SdkError =>
  typeof error === "object" && error !== null ? (error as SdkError) : {};

export function isMissingBucket(error: unknown): boolean {
  return asSdkError(error).name === "NoSuchBucket";
}

/** NoSuchKey from GET, a bare 404 from HEAD (HEAD of a bucket included). */
export function isMissingKey(error: unknown): boolean {
  const { name, $metadata } = asSdkError(error);
  return name === "NoSuchKey" || name === "NotFound" || $metadata?.httpStatusCode === 404;
}

const deniedNames = new Set([
  "AccessDenied",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "InvalidToken",
  "ExpiredToken",
  "Forbidden",
]);
const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
const timeoutNames = new Set(["TimeoutError", "RequestTimeout", "AbortError"]);

export interface FailureContext {
  /** The module speaking: "backup-s3", "offload-s3". */
  module: string;
  bucket: string;
  endpoint: string;
  /** What was being done, e.g. "write of 'x'". */
  action: string;
  /** The variable that makes the module create a missing bucket. */
  autoCreateVariable: string;
}

/** Turns any failure into an AppError whose message names the bucket and the endpoint. */
export function s3Failure(error: unknown, where: FailureContext): AppError {
  if (error instanceof AppError) return error;
  const { name = "Error", code, message = String(error), $metadata } = asSdkError(error);
  const { bucket, endpoint, action } = where;
  let text: string;
  if (name === "NoSuchBucket") {
    text = `bucket '${bucket}' does not exist at endpoint '${endpoint}' (create it, or set ${where.autoCreateVariable}=true)`;
  } else if (deniedNames.has(name) || $metadata?.httpStatusCode === 403) {
    // A HEAD's refusal has no body to name the reason: the status is all there is.
    const reason = name === "Unknown" ? `HTTP ${$metadata?.httpStatusCode}` : name;
    text = `access to bucket '${bucket}' at endpoint '${endpoint}' denied (${reason}): check the credentials`;
  } else if ((code !== undefined && networkCodes.has(code)) || timeoutNames.has(name)) {
    text = `cannot reach endpoint '${endpoint}' for bucket '${bucket}': ${message}`;
  } else {
    text = `${action} in bucket '${bucket}' at endpoint '${endpoint}' failed: ${name}: ${message}`;
  }
  return new AppError("UNPROCESSABLE", `${where.module}: ${text}`, { cause: error });
}
