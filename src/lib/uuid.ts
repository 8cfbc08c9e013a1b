import { randomUUID } from "node:crypto";

/** A random (version 4) UUID in Weaviate's canonical lower-case form. */
export function newUuid(): string {
  return randomUUID();
}
