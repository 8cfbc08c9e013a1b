/** Pure domain types and validators shared by every layer. */
export * from "./beacon.ts";
export * from "./collection.ts";
export * from "./datatypes.ts";
export * from "./date.ts";
export * from "./distance.ts";
export * from "./filter.ts";
export * from "./keyword.ts";
export * from "./object.ts";
export * from "./search.ts";
export * from "./sort.ts";
export * from "./stopwords.ts";
export * from "./tenant.ts";
export * from "./tokenize.ts";
