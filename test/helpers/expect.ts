/** Assertions on REST replies shared by the integration tests. */
import assert from "node:assert/strict";
import type { Reply } from "./http.ts";

/**
 * Asserts a Weaviate handler error: the status, and a body of exactly `{"error":[{"message"}]}`
 * with a non-empty message (clients read `error[0].message`). With `fragment`, the message must
 * contain it; use that only where clients or users depend on the wording.
 */
export function expectError(reply: Reply, status: number, fragment?: string): string {
  assert.equal(reply.status, status, `expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  assert.match(reply.headers.get("content-type") ?? "", /application\/json/);
  const body = reply.body as { error?: unknown };
  assert.ok(body && typeof body === "object", `expected a JSON error body, got ${JSON.stringify(reply.body)}`);
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.ok(Array.isArray(body.error) && body.error.length === 1, "error must be a one-element array");
  const [entry] = body.error as Array<{ message?: unknown }>;
  assert.deepEqual(Object.keys(entry ?? {}), ["message"]);
  const message = entry?.message;
  assert.ok(typeof message === "string" && message !== "", "error[0].message must be a non-empty string");
  if (fragment !== undefined) {
    assert.ok(message.includes(fragment), `"${message}" should contain "${fragment}"`);
  }
  return message;
}

/** Asserts a 422 whose message contains `fragment` (when given). */
export function expect422(reply: Reply, fragment?: string): string {
  return expectError(reply, 422, fragment);
}

/** Asserts `status` with no body at all (Weaviate's bodiless 404s and empty 200s). */
export function expectNoBody(reply: Reply, status: number): void {
  assert.equal(reply.status, status, `expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  assert.equal(reply.body, undefined, `expected no body, got ${JSON.stringify(reply.body)}`);
}

/** Asserts a 200 and returns the JSON body typed as `T`. */
export function expectOk<T = Record<string, unknown>>(reply: Reply): T {
  assert.equal(reply.status, 200, `expected 200, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body as T;
}
