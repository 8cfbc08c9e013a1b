/** The search use case: Get, Aggregate and Explore. */
export type { SearchCatalog, SearchShard, SearchShards } from "./ports.ts";
export { SearchService } from "./service.ts";
export type { ReferenceResolver, ResultObject } from "./references.ts";
export { checkCursor } from "./cursor.ts";
