/**
 * MurmurHash3 x64 128-bit, first half (what Go's spaolacci/murmur3 `Sum64` returns, the hash
 * Weaviate's sharding uses), seed 0. BigInt arithmetic: a uuid is one 16-byte block, so the cost
 * is a few dozen 64-bit operations per object.
 */
const MASK = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & MASK;
const mul = (a: bigint, b: bigint) => (a * b) & MASK;

function fmix(k: bigint): bigint {
  let x = k;
  x ^= x >> 33n;
  x = mul(x, 0xff51afd7ed558ccdn);
  x ^= x >> 33n;
  x = mul(x, 0xc4ceb9fe1a85ec53n);
  x ^= x >> 33n;
  return x;
}

function mix1(k: bigint): bigint {
  return mul(rotl(mul(k, C1), 31n), C2);
}

function mix2(k: bigint): bigint {
  return mul(rotl(mul(k, C2), 33n), C1);
}

/** Little-endian 64-bit word of `bytes` at `offset`, `length` bytes (≤ 8). */
function word(bytes: Uint8Array, offset: number, length: number): bigint {
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]!);
  return value;
}

/** The first 64 bits of MurmurHash3_x64_128(bytes, seed 0), as an unsigned BigInt. */
export function murmur3Sum64(bytes: Uint8Array): bigint {
  let h1 = 0n;
  let h2 = 0n;
  const blocks = Math.floor(bytes.length / 16);
  for (let i = 0; i < blocks; i++) {
    h1 ^= mix1(word(bytes, i * 16, 8));
    h1 = (mul(rotl(h1, 27n) + h2, 5n) + 0x52dce729n) & MASK;
    h2 ^= mix2(word(bytes, i * 16 + 8, 8));
    h2 = (mul(rotl(h2, 31n) + h1, 5n) + 0x38495ab5n) & MASK;
  }
  const tail = blocks * 16;
  const rest = bytes.length - tail;
  if (rest > 8) h2 ^= mix2(word(bytes, tail + 8, rest - 8));
  if (rest > 0) h1 ^= mix1(word(bytes, tail, Math.min(rest, 8)));
  const length = BigInt(bytes.length);
  h1 ^= length;
  h2 ^= length;
  h1 = (h1 + h2) & MASK;
  h2 = (h2 + h1) & MASK;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) & MASK;
  return h1;
}
