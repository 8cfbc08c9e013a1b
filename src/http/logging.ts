/**
 * Request ids and log hygiene. Every request gets an id: the client's `X-Request-Id` when it is
 * sane (1–128 printable ASCII characters), a fresh UUID otherwise. Fastify binds it to the
 * request's logger (`reqId` on every line logged through `request.log`), and the reply echoes it
 * in `X-Request-Id`. Credentials never reach the logs: the logger redacts authorization headers
 * wherever a request's headers are logged.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { LoggerOptions } from "pino";

export const REQUEST_ID_HEADER = "x-request-id";

const SANE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** Fastify's `genReqId`: the client's id when sane, else a new UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === "string" && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Paths pino censors: request headers carrying credentials, however a request is logged. */
const REDACTED = [
  "req.headers.authorization",
  "req.headers.cookie",
  "request.headers.authorization",
  "request.headers.cookie",
  "headers.authorization",
  "headers.cookie",
];

/** The service's logger options: JSON lines at `level`, credentials redacted. */
export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACTED, censor: "[redacted]" } };
}
