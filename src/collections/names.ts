/**
 * Naming rules for classes, properties, nested properties and named vectors. Class and property
 * names become GraphQL field and type names and directory/key names, hence the patterns and
 * length limits; the messages follow Weaviate's wording because clients show them verbatim.
 */
import { unprocessable } from "../errors/index.ts";

/** Class names: a capital letter, then up to 254 GraphQL name characters (255 in total). */
export const CLASS_NAME_PATTERN = /^[A-Z][_0-9A-Za-z]{0,254}$/;
/** Property names: a GraphQL name of at most 231 characters. */
export const PROPERTY_NAME_PATTERN = /^[_A-Za-z][_0-9A-Za-z]{0,230}$/;
/** Nested property names: any GraphQL name (no length limit, they never name a directory). */
export const NESTED_PROPERTY_NAME_PATTERN = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** Named-vector (target vector) names: a GraphQL name of at most 230 characters. */
export const VECTOR_NAME_PATTERN = /^[_A-Za-z][_0-9A-Za-z]{0,229}$/;

const CLASS_NAME_MAX_LENGTH = 255;
const PROPERTY_NAME_MAX_LENGTH = 231;
const VECTOR_NAME_MAX_LENGTH = 230;

// The pattern texts as Weaviate prints them inside its messages.
const PROPERTY_PATTERN_TEXT = "[_A-Za-z][_0-9A-Za-z]{0,230}";
const NESTED_PATTERN_TEXT = "[_A-Za-z][_0-9A-Za-z]*";
const VECTOR_PATTERN_TEXT = "[_A-Za-z][_0-9A-Za-z]{0,229}";

/** Names that collide with the `_additional` field and the object id. */
export const RESERVED_PROPERTY_NAMES: readonly string[] = ["_additional", "_id", "id"];

/**
 * Suffixes the inverted index appends to a property name for its own buckets; a property ending
 * in one of them could collide with another property's bucket.
 */
export const RESERVED_PROPERTY_SUFFIXES: readonly string[] = [
  "_searchable",
  "_rangeable",
  "_temp",
  "__meta_count",
  "_propertyLength",
  "_nullState",
];

/** Upper-cases the first character (`article` → `Article`), as on create and on every lookup. */
export function normalizeClassName(name: string): string {
  return name.length === 0 ? name : name.charAt(0).toUpperCase() + name.slice(1);
}

/** Lower-cases only the first character (`URL` → `uRL`), as on create and on every object write. */
export function normalizePropertyName(name: string): string {
  return name.length === 0 ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

/** Whether a (normalised) name is a syntactically valid class name. */
export function isValidClassName(name: string): boolean {
  return CLASS_NAME_PATTERN.test(name);
}

/** Throws 422 unless `name` is a valid, non-reserved class name. Expects the normalised form. */
export function validateClassName(name: string): void {
  if (name.length > CLASS_NAME_MAX_LENGTH) {
    throw unprocessable(
      `'${name}' is not a valid class name. Name should not be longer than ${CLASS_NAME_MAX_LENGTH} characters`,
    );
  }
  if (!CLASS_NAME_PATTERN.test(name)) throw unprocessable(`'${name}' is not a valid class name`);
  // `raft` is the name of Weaviate's consensus directory next to the class directories.
  if (name.toLowerCase() === "raft") {
    throw unprocessable("parse class name: class name `raft` is reserved");
  }
}

/** Throws 422 unless `name` is a valid property name that is neither reserved nor ends in a reserved suffix. */
export function validatePropertyName(name: string): void {
  if (name.length > PROPERTY_NAME_MAX_LENGTH) {
    throw unprocessable(
      `'${name}' is not a valid property name. Name should not be longer than ${PROPERTY_NAME_MAX_LENGTH} characters`,
    );
  }
  if (!PROPERTY_NAME_PATTERN.test(name)) {
    throw unprocessable(
      `'${name}' is not a valid property name. Property names in Weaviate are restricted to valid GraphQL names, which must be “/${PROPERTY_PATTERN_TEXT}/”.`,
    );
  }
  if (RESERVED_PROPERTY_NAMES.includes(name)) {
    throw unprocessable(`'${name}' is a reserved property name`);
  }
  const suffix = RESERVED_PROPERTY_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix !== undefined) {
    throw unprocessable(
      `'${name}' is not a valid property name: the suffix '${suffix}' is reserved for internal use`,
    );
  }
}

/** Throws 422 unless `name` is a valid nested property name; `parent` is the dotted path of its parent. */
export function validateNestedPropertyName(name: string, parent: string): void {
  if (!NESTED_PROPERTY_NAME_PATTERN.test(name)) {
    throw unprocessable(
      `'${name}' is not a valid nested property name of '${parent}'. NestedProperty names in Weaviate are restricted to valid GraphQL names, which must be “/${NESTED_PATTERN_TEXT}/”.`,
    );
  }
}

/** Throws 422 unless `name` is a valid named-vector name. */
export function validateVectorName(name: string): void {
  if (name.length > VECTOR_NAME_MAX_LENGTH) {
    throw unprocessable(
      `class.VectorConfig target vector name "${name}" is not valid. Target vector name should not be longer than ${VECTOR_NAME_MAX_LENGTH} characters.`,
    );
  }
  if (!VECTOR_NAME_PATTERN.test(name)) {
    throw unprocessable(
      `class.VectorConfig target vector name "${name}" is not valid, in Weaviate target vector names are restricted to valid GraphQL names, which must be “/${VECTOR_PATTERN_TEXT}/”.`,
    );
  }
}
