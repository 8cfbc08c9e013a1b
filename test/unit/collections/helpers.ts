/** Shared assertions for the collection rule tests. */
import assert from "node:assert/strict";
import type { DefaultsContext } from "../../../src/collections/defaults.ts";
import { isAppError } from "../../../src/errors/index.ts";

/** Asserts `fn` throws a 422 AppError; optionally that the message contains `fragment`. */
export function assertUnprocessable(fn: () => unknown, fragment?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isAppError(error), `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, "UNPROCESSABLE");
    if (fragment !== undefined) {
      assert.ok(error.message.includes(fragment), `"${error.message}" should contain "${fragment}"`);
    }
    return true;
  });
}

/** The server defaults the tests create collections with. */
export const defaultsCtx: DefaultsContext = { defaultDistance: "cosine", defaultVectorizer: "none" };
