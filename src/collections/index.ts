/** Collections ("classes"): definitions, naming rules, defaults, updates and auto-schema. */
export {
  type AutoSchemaPlan,
  type CollectionChange,
  type CollectionDefaults,
  CollectionService,
  type CollectionStorage,
  type CollectionStore,
} from "./service.ts";
export {
  autoSchemaDescription,
  autoSchemaProperty,
  type InferOptions,
  inferDataType,
} from "./autoschema.ts";
export type { IgnoredKeys } from "./known-keys.ts";
export { normalizeClassName, normalizePropertyName, validateClassName } from "./names.ts";
