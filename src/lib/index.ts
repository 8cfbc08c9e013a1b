/** Domain-free helpers. */
export * from "./files.ts";
export * from "./mutex.ts";
export * from "./uuid.ts";
