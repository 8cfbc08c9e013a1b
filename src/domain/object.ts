/** Stored objects as the shards keep them and the use cases hand them around. */
import { unprocessable } from "../errors/index.ts";

/** Vectors keyed by vector space name; the legacy class-level vector is under "". */
export type VectorMap = Record<string, number[]>;

export interface StoredObject {
  id: string;
  className: string;
  tenant?: string;
  properties: Record<string, unknown>;
  vectors: VectorMap;
  creationTimeUnix: number;
  lastUpdateTimeUnix: number;
}

/** A stored reference: the target class is always resolved before storing. */
export interface StoredReference {
  beacon: string;
}

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Accepts the forms Weaviate accepts (with or without dashes), returns the canonical lower-case form. */
export function normalizeUuid(value: string): string | undefined {
  if (!uuidPattern.test(value)) return undefined;
  const hex = value.replace(/-/g, "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/**
 * The vector-length rule: every vector of a space has the length of the first one. `expected`
 * gives the length a space already has (undefined while empty); `seen` carries the lengths of
 * earlier objects of the same write, so a batch is held to its own first vector too.
 */
export function checkVectorLengths(
  vectors: VectorMap,
  expected: (space: string) => number | undefined,
  seen: Map<string, number>,
): void {
  for (const [space, vector] of Object.entries(vectors)) {
    const length = expected(space) ?? seen.get(space);
    if (length !== undefined && length !== vector.length) {
      throw unprocessable(
        `new node has a vector with length ${vector.length}. Existing nodes have vectors with length ${length}`,
      );
    }
    seen.set(space, vector.length);
  }
}
