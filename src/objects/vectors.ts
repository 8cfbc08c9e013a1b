/**
 * Vectors on write: the legacy `vector` array and the named `vectors` map. Values must be finite
 * numbers; JSON cannot carry NaN or Infinity, so a string like "NaN" is simply not a number.
 */
import { unprocessable } from "../errors/index.ts";
import { goType, goValue, isRecord } from "./go-format.ts";

/** Weaviate's rule for named-vector names. */
export const VECTOR_NAME_PATTERN = /^[_A-Za-z][_0-9A-Za-z]{0,229}$/;

/**
 * Validates one vector. `label` names it in messages (`vector`, `vectors.title`). An empty array is
 * returned as is: Weaviate treats it as "no vector", and the caller decides what that means.
 */
export function validateVector(vector: unknown, label: string): number[] {
  if (!Array.isArray(vector)) {
    throw unprocessable(`${label}: must be an array of numbers, but got ${goType(vector)}`);
  }
  vector.forEach((element, i) => {
    if (Array.isArray(element)) {
      throw unprocessable(`${label}: multi-vectors (arrays of vectors) are not supported`);
    }
    if (typeof element !== "number" || !Number.isFinite(element)) {
      throw unprocessable(`${label}: element [${i}] must be a finite number, but got '${goValue(element)}'`);
    }
  });
  return vector as number[];
}

/**
 * Validates the named `vectors` map. Entries that are null or empty carry no vector and are left
 * out of the result; multi-vectors are rejected as unsupported.
 */
export function validateVectors(vectors: unknown): Record<string, number[]> {
  if (vectors === undefined || vectors === null) return {};
  if (!isRecord(vectors)) {
    throw unprocessable(`vectors: must be a map of vector name to vector, but got ${goType(vectors)}`);
  }
  const result: Record<string, number[]> = {};
  for (const [name, vector] of Object.entries(vectors)) {
    if (!VECTOR_NAME_PATTERN.test(name)) {
      throw unprocessable(`vectors: invalid vector name '${name}': must match ${VECTOR_NAME_PATTERN.source}`);
    }
    if (vector === null || vector === undefined) continue;
    const checked = validateVector(vector, `vectors.${name}`);
    if (checked.length > 0) result[name] = checked;
  }
  return result;
}
