/**
 * Vectors on the gRPC wire are packed little-endian float32 (`vector_bytes`), named or not; the
 * use cases take plain number arrays. Number-array properties come packed as float64.
 */
import { invalidArgument } from "./errors.ts";
import { type Vectors, Vectors_VectorType } from "./generated/v1/base.ts";

/** The float32 values packed in `bytes` (copied: a Buffer's offset need not be 4-aligned). */
export function unpackFloat32(bytes: Uint8Array): number[] {
  if (bytes.length % 4 !== 0) throw invalidArgument(`vector bytes: ${bytes.length} bytes is not a whole number of float32 values`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** The float64 values packed in `bytes`. */
export function unpackFloat64(bytes: Uint8Array): number[] {
  if (bytes.length % 8 !== 0) throw invalidArgument(`number array bytes: ${bytes.length} bytes is not a whole number of float64 values`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(bytes.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/** `values` packed as little-endian float32. */
export function packFloat32(values: readonly number[]): Buffer {
  const buffer = Buffer.allocUnsafe(values.length * 4);
  for (let i = 0; i < values.length; i++) buffer.writeFloatLE(values[i]!, i * 4);
  return buffer;
}

/** The one single-float32 vector of a `vectors` list (a search's query vector). */
export function singleVector(vectors: readonly Vectors[], where: string): number[] {
  if (vectors.some((vector) => vector.type === Vectors_VectorType.VECTOR_TYPE_MULTI_FP32)) {
    throw invalidArgument(`${where}: multi-vectors are not supported by this server`);
  }
  if (vectors.length > 1) throw invalidArgument(`${where}: give one query vector, got ${vectors.length}`);
  return unpackFloat32(vectors[0]!.vectorBytes);
}

/** Named vectors of a message (`vectors`), single float32 ones only. */
export function namedVectors(vectors: readonly Vectors[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const vector of vectors) {
    if (vector.type === Vectors_VectorType.VECTOR_TYPE_MULTI_FP32) {
      throw invalidArgument(`vector "${vector.name}": multi-vectors are not supported by this server`);
    }
    out[vector.name] = unpackFloat32(vector.vectorBytes);
  }
  return out;
}
