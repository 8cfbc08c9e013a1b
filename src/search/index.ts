/** The search use case: Get, Aggregate and Explore. */
export type { SearchCatalog, SearchShard, SearchShards } from "./ports.ts";
export { SearchService } from "./service.ts";
