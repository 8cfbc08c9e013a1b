/** Messages between the main thread and the vector thread (vector-thread.ts). */
import type { VectorIndexSettings } from "./types.ts";

export type ThreadRequest =
  | { op: "create"; index: number; settings: VectorIndexSettings }
  | { op: "load"; index: number; seq: number; settings: VectorIndexSettings; file: string; dims: number; live: number }
  | { op: "add"; index: number; seq: number; labels: number[]; dims: number; vectors: Float32Array }
  | { op: "remove"; index: number; labels: number[] }
  | { op: "search"; index: number; seq: number; vector: number[]; k: number; allow?: Float64Array }
  | { op: "save"; index: number; seq: number; file: string }
  | { op: "size"; index: number; seq: number }
  | { op: "settings"; index: number; settings: VectorIndexSettings }
  | { op: "close"; index: number };

export type ThreadReply =
  | { seq: number; ok: true; value: unknown }
  | { seq: number; ok: false; message: string };
