/**
 * The one place gRPC statuses come from: an AppError's code becomes the status a gRPC client
 * expects for it (the REST table's counterpart), its message the status details; anything else
 * is a bug, logged, and answered INTERNAL.
 */
import { ServerError, Status } from "nice-grpc";
import { AppError, type ErrorCode, isAppError } from "../errors/index.ts";

const statusByCode: Record<ErrorCode, Status> = {
  BAD_REQUEST: Status.INVALID_ARGUMENT,
  UNPROCESSABLE: Status.INVALID_ARGUMENT,
  NOT_FOUND: Status.NOT_FOUND,
  NOT_FOUND_SILENT: Status.NOT_FOUND,
  CONFLICT: Status.ALREADY_EXISTS,
  READ_ONLY: Status.FAILED_PRECONDITION,
  UNAUTHENTICATED: Status.UNAUTHENTICATED,
  FORBIDDEN: Status.PERMISSION_DENIED,
  PAYLOAD_TOO_LARGE: Status.RESOURCE_EXHAUSTED,
  UNSUPPORTED_MEDIA_TYPE: Status.INVALID_ARGUMENT,
  METHOD_NOT_ALLOWED: Status.UNIMPLEMENTED,
  NOT_READY: Status.UNAVAILABLE,
  RESOURCE_CLOSED: Status.UNAVAILABLE,
  INTERNAL: Status.INTERNAL,
};

export interface GrpcErrorLogger {
  error(object: Record<string, unknown>, message: string): void;
}

/** The ServerError a failure of `method` is answered with. */
export function grpcErrorOf(error: unknown, method: string, logger: GrpcErrorLogger): ServerError {
  if (error instanceof ServerError) return error;
  if (isAppError(error)) {
    const status = statusByCode[error.code];
    if (status === Status.INTERNAL) logger.error({ err: error, method }, "grpc call failed");
    // A silent 404's message is only the kind of thing missing; say it whole.
    const details = error.code === "NOT_FOUND_SILENT" ? `${error.message} not found` : error.message;
    return new ServerError(status, details);
  }
  logger.error({ err: error, method }, "grpc call failed unexpectedly");
  return new ServerError(Status.INTERNAL, error instanceof Error ? error.message : String(error));
}

/** An AppError of this transport's own (for request faults found while converting a message). */
export const invalidArgument = (message: string) => new AppError("UNPROCESSABLE", message);
