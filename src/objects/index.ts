/** Objects: CRUD, listing, batches and references behind /v1/objects and /v1/batch. */
export type { BatchItemResult } from "./batch.ts";
export type { BatchDeleteResult } from "./batch-delete.ts";
export type { ListQuery } from "./list.ts";
export type { CollectionCatalog, FilterMatcher, ObjectShard, ShardLocator } from "./ports.ts";
export type { BatchReferenceResult } from "./reference-ops.ts";
export { ObjectService, type ObjectServiceDeps } from "./service.ts";
