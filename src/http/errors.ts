/**
 * Renders every failure of a REST request in Weaviate's shape, `{"error":[{"message":"..."}]}`,
 * with the status from the errors module's one table. Framework errors (bad JSON, oversized
 * bodies, wrong content type) keep their 4xx status; anything unexpected is a logged 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError, httpStatusFor, isSilent } from "../errors/index.ts";

export function errorBody(message: string) {
  return { error: [{ message }] };
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
    const status = httpStatusFor(error.code);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    if (isSilent(error.code)) return reply.status(status).send();
    return reply.status(status).send(errorBody(error.message));
  }
  const framework = error as FastifyError;
  if (typeof framework.statusCode === "number" && framework.statusCode < 500) {
    return reply.status(framework.statusCode).send(errorBody(frameworkMessage(framework)));
  }
  if (error instanceof SyntaxError) {
    return reply.status(400).send(errorBody(`invalid request body: ${error.message}`));
  }
  request.log.error({ err: error }, "unexpected error");
  return reply.status(500).send(errorBody("internal server error"));
}
