/**
 * The one place REST error bodies are made: every failure of a request is rendered here in
 * Weaviate's shape, `{"error":[{"message":"..."}]}` (401s in go-openapi's `{"code","message"}`,
 * "silent" 404s with no body), with the status from the errors module's one table; batch items
 * carry the same error list. Framework errors (bad JSON, oversized bodies, wrong content type)
 * keep their 4xx status; anything unexpected is a logged 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError, httpStatusFor, isFrameworkShaped, isSilent } from "../errors/index.ts";

/** Weaviate's error list, the body of a failed request and the `errors` of a failed batch item. */
export function errorList(message: string) {
  return { error: [{ message }] };
}

/** Sends an AppError as Weaviate would answer it. */
export function sendAppError(reply: FastifyReply, error: AppError) {
  const status = httpStatusFor(error.code);
  if (isSilent(error.code)) return reply.status(status).send();
  if (isFrameworkShaped(error.code)) return reply.status(status).send({ code: status, message: error.message });
  return reply.status(status).send(errorList(error.message));
}

function frameworkMessage(error: FastifyError): string {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return `invalid request body: ${error.message}`;
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "request body is too large: it exceeds the configured REQUEST_BODY_LIMIT_BYTES";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return `unsupported content type: ${error.message}`;
    default:
      return error.message;
  }
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (httpStatusFor(error.code) >= 500) request.log.error({ err: error }, "request failed");
    return sendAppError(reply, error);
  }
  const framework = error as FastifyError;
  if (typeof framework.statusCode === "number" && framework.statusCode < 500) {
    return reply.status(framework.statusCode).send(errorList(frameworkMessage(framework)));
  }
  if (error instanceof SyntaxError) {
    return sendAppError(reply, new AppError("BAD_REQUEST", `invalid request body: ${error.message}`));
  }
  request.log.error({ err: error }, "unexpected error");
  return sendAppError(reply, new AppError("INTERNAL", "internal server error"));
}
