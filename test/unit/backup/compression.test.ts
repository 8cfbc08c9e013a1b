/**
 * Chunk codecs: every CompressionLevel's codec round-trips, parallel gzip writes ordinary gzip
 * members in input order, and what we write is readable by the standard gzip / zstd tools.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { Readable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { type ChunkCompression, compressor, decompressor } from "../../../src/backup/compression.ts";

const MiB = 1024 * 1024;

/** Half float noise (barely compressible, like vectors), half text (very compressible). */
function sample(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let seed = 7;
  for (let i = 0; i + 4 <= bytes; i += 4) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    if ((i >> 16) % 2 === 0) out.writeFloatLE(seed / 2 ** 32 - 0.5, i);
    else out.write(`obj${i % 1000} `.slice(0, 4), i, "latin1");
  }
  return out;
}

async function through(data: Buffer, [stage]: [Transform]): Promise<Buffer> {
  const pieces: Buffer[] = [];
  const chunks = Array.from({ length: Math.ceil(data.length / (64 * 1024)) }, (_, i) => data.subarray(i * 64 * 1024, (i + 1) * 64 * 1024));
  await pipeline(Readable.from(chunks), stage, async (source: AsyncIterable<Buffer>) => {
    for await (const piece of source) pieces.push(piece);
  });
  return Buffer.concat(pieces);
}

const codecs: ChunkCompression[] = [
  { type: "gzip", level: -1, workers: 1 },
  { type: "gzip", level: 6, workers: 2 },
  { type: "gzip", level: 1, workers: 4 },
  { type: "zstd", level: 1, workers: 1 },
  { type: "zstd", level: 11, workers: 1 },
  { type: "none", level: 0, workers: 1 },
];

for (const codec of codecs) {
  test(`${codec.type} level ${codec.level}, ${codec.workers} worker(s): round trip`, async () => {
    const data = sample(5 * MiB + 12345);
    const packed = await through(data, [compressor(codec)]);
    if (codec.type !== "none") assert.ok(packed.length < data.length, "compressed is smaller");
    assert.ok((await through(packed, [decompressor(codec.type)])).equals(data));
  });
}

test("parallel gzip writes one member per MiB of input, in input order", async () => {
  const data = sample(3 * MiB + 100);
  const packed = await through(data, [compressor({ type: "gzip", level: 6, workers: 3 })]);
  const members = [0, 1, 2].map((i) => gzipSync(data.subarray(i * MiB, (i + 1) * MiB), { level: 6 }));
  assert.ok(packed.subarray(0, members[0]!.length).equals(members[0]!));
  const secondAt = members[0]!.length;
  assert.ok(packed.subarray(secondAt, secondAt + members[1]!.length).equals(members[1]!));
  assert.ok(gunzipSync(packed).equals(data), "zlib reads every member");
});

const has = (tool: string) => {
  try {
    execFileSync(tool, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

test("the gzip tool reads a parallel gzip chunk", { skip: !has("gzip") && "no gzip here" }, async () => {
  const data = sample(2 * MiB + 5);
  const packed = await through(data, [compressor({ type: "gzip", level: -1, workers: 2 })]);
  assert.ok(execFileSync("gzip", ["-dc"], { input: packed, maxBuffer: 16 * MiB }).equals(data));
});

test("the zstd tool reads a zstd chunk", { skip: !has("zstd") && "no zstd here" }, async () => {
  const data = sample(2 * MiB + 5);
  const packed = await through(data, [compressor({ type: "zstd", level: 3, workers: 1 })]);
  assert.ok(execFileSync("zstd", ["-dc"], { input: packed, maxBuffer: 16 * MiB }).equals(data));
});

test("a damaged stream is an error, not silence", async () => {
  for (const type of ["gzip", "zstd"] as const) {
    const packed = await through(sample(MiB), [compressor({ type, level: 3, workers: 1 })]);
    await assert.rejects(through(packed.subarray(0, packed.length - 7), [decompressor(type)]), `${type} truncated`);
  }
});
