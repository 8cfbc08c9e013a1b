/** Domain-free helpers. */
export * from "./files.ts";
export * from "./group.ts";
export * from "./float32.ts";
export * from "./murmur3.ts";
export * from "./mutex.ts";
export * from "./uuid.ts";
export * from "./tally.ts";
