/** Objects: CRUD, listing, batches and references behind /v1/objects and /v1/batch. */
export type {
  BatchDeleteOutcome,
  BatchDeleteRequest,
  BatchItem,
  BatchOutcome,
  ObjectInput,
  ReferenceInput,
  ReferenceOutcome,
} from "./inputs.ts";
export type { ListQuery } from "./list.ts";
export type { CollectionCatalog, FilterMatcher, ObjectShard, ShardLocator } from "./ports.ts";
export { ObjectService, type ObjectServiceDeps } from "./service.ts";
