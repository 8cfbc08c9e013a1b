/**
 * Validation of one property definition (and its nested properties) as it arrives in a create,
 * add-property or auto-schema request. Runs before defaults, so index flags and tokenization may
 * be absent; `string`/`string[]` are still legal here and migrated by the defaults afterwards.
 */
import {
  deprecatedDataTypes,
  isNestedObjectType,
  isPrimitiveDataType,
  type PropertyInput,
  tokenizations,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { cloneJson, isMissing, isPlainObject, type JsonObject } from "./json.ts";
import {
  normalizePropertyName,
  validateClassName,
  validateNestedPropertyName,
  validatePropertyName,
} from "./names.ts";

/** Classes a cross-reference may point to; `undefined` skips the existence check. */
export type ReferenceTargets = ReadonlySet<string> | undefined;

/** What a dataType array resolves to. */
type ResolvedType =
  | { kind: "primitive"; type: string }
  | { kind: "nested"; type: string }
  | { kind: "reference"; classes: string[] };

const textTypes = new Set(["text", "text[]"]);
const stringTypes = new Set(["string", "string[]"]);
const rangeTypes = new Set(["int", "number", "date"]);
const flagKeys = ["indexFilterable", "indexSearchable", "indexRangeFilters", "indexInverted"];

function readDataType(raw: JsonObject, label: string): string[] {
  const dataType = raw["dataType"];
  if (isMissing(dataType)) throw unprocessable("property must contain dataType");
  if (!Array.isArray(dataType) || !dataType.every((item) => typeof item === "string")) {
    throw unprocessable(`property '${label}': dataType must be an array of strings`);
  }
  return [...dataType];
}

/** Resolves a top-level dataType; message texts follow Weaviate's FindPropertyDataType. */
function resolveDataType(dataType: string[], name: string, targets: ReferenceTargets): ResolvedType {
  const fail = (reason: string): never => {
    throw unprocessable(`property '${name}': invalid dataType: [${dataType.join(" ")}]: ${reason}`);
  };
  const first = dataType[0];
  if (first === undefined) fail("dataType must have at least one element");
  if (dataType.length === 1 && first === "") fail("dataType cannot be an empty string");
  if (dataType.length === 1 && /^[a-z]/.test(first!)) {
    if (isNestedObjectType(first!)) return { kind: "nested", type: first! };
    if (isPrimitiveDataType(first!) || first! in deprecatedDataTypes) {
      return { kind: "primitive", type: first! };
    }
    fail(`Unknown primitive data type '${first}'`);
  }
  for (const target of dataType) {
    try {
      validateClassName(target);
    } catch (error) {
      fail((error as Error).message);
    }
    if (targets && !targets.has(target)) {
      fail(`reference property to nonexistent class: class '${target}' not found`);
    }
  }
  return { kind: "reference", classes: [...new Set(dataType)] };
}

function checkFlagTypes(raw: JsonObject, label: string): void {
  for (const key of flagKeys) {
    if (!isMissing(raw[key]) && typeof raw[key] !== "boolean") {
      throw unprocessable(`property '${label}': ${key} must be a boolean`);
    }
  }
  if (!isMissing(raw["description"]) && typeof raw["description"] !== "string") {
    throw unprocessable(`property '${label}': description must be a string`);
  }
  if (!isMissing(raw["moduleConfig"]) && !isPlainObject(raw["moduleConfig"])) {
    throw unprocessable(`property '${label}': moduleConfig must be an object`);
  }
  if (!isMissing(raw["tokenization"]) && typeof raw["tokenization"] !== "string") {
    throw unprocessable(`property '${label}': tokenization must be a string`);
  }
}

/**
 * Weaviate ~1.32 words these with a capital T (both official clients' test suites compare the
 * whole text); later releases lower-cased them.
 */
function checkTokenization(raw: JsonObject, resolved: ResolvedType): void {
  const tokenization = raw["tokenization"] as string | undefined;
  if (isMissing(tokenization) || tokenization === "") return;
  if (resolved.kind === "nested") {
    throw unprocessable("Tokenization is not allowed for object/object[] data types");
  }
  if (resolved.kind === "reference") {
    throw unprocessable("Tokenization is not allowed for reference data type");
  }
  const type = resolved.type;
  // Deprecated string types only knew word and field (word becomes whitespace on migration).
  const allowed = textTypes.has(type)
    ? (tokenizations as readonly string[])
    : stringTypes.has(type)
      ? ["word", "field"]
      : undefined;
  if (!allowed) throw unprocessable(`Tokenization is not allowed for data type '${type}'`);
  if (!allowed.includes(tokenization)) {
    throw unprocessable(`Tokenization '${tokenization}' is not allowed for data type '${type}'`);
  }
}

function checkIndexing(raw: JsonObject, resolved: ResolvedType): void {
  const hasNewFlag = ["indexFilterable", "indexSearchable", "indexRangeFilters"].some(
    (key) => !isMissing(raw[key]),
  );
  if (!isMissing(raw["indexInverted"]) && hasNewFlag) {
    throw unprocessable(
      "`indexInverted` is deprecated and can not be set together with `indexFilterable`, `indexSearchable` or `indexRangeFilters`",
    );
  }
  const type = resolved.kind === "primitive" ? resolved.type : "";
  if (raw["indexSearchable"] === true && !textTypes.has(type) && !stringTypes.has(type)) {
    throw unprocessable(
      "`indexSearchable` is allowed only for text/text[] data types. For other data types set false or leave empty",
    );
  }
  if (raw["indexRangeFilters"] === true && !rangeTypes.has(type)) {
    throw unprocessable(
      "`indexRangeFilters` is allowed only for number/int/date data types. For other data types set false or leave empty",
    );
  }
}


/**
 * Validates one top-level property and returns it with its name normalised (first letter
 * lower-cased). `targets` lists the classes a reference may point to.
 */
export function validatePropertyInput(raw: unknown, targets: ReferenceTargets): PropertyInput {
  if (!isPlainObject(raw)) throw unprocessable("property must be a JSON object");
  if (typeof raw["name"] !== "string" || raw["name"] === "") {
    throw unprocessable("property must contain name");
  }
  const name = normalizePropertyName(raw["name"]);
  validatePropertyName(name);
  const dataType = readDataType(raw, name);
  checkFlagTypes(raw, name);
  const resolved = resolveDataType(dataType, name, targets);
  const nested = raw["nestedProperties"];
  if (resolved.kind === "nested") {
    validateNestedProperties(nested, name);
  } else if (Array.isArray(nested) ? nested.length > 0 : !isMissing(nested)) {
    throw unprocessable(
      `property '${name}': nestedProperties not allowed for data types other than object/object[]`,
    );
  }
  checkTokenization(raw, resolved);
  checkIndexing(raw, resolved);
  return withoutNulls({ ...cloneJson(raw), name, dataType }) as PropertyInput;
}

/** Drops keys whose value is null: Go decodes them as unset, and defaults must fill them. */
function withoutNulls(raw: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null) continue;
    out[key] =
      key === "nestedProperties" && Array.isArray(value)
        ? value.map((item) => (isPlainObject(item) ? withoutNulls(item) : item))
        : value;
  }
  return out;
}

function checkNestedType(dataType: string[], path: string): string {
  if (dataType.length === 0) {
    throw unprocessable(`property '${path}': invalid dataType: dataType must have at least one element`);
  }
  const type = dataType.length === 1 ? dataType[0]! : "";
  if (dataType.length === 1 && type === "") {
    throw unprocessable(`property '${path}': invalid dataType: dataType cannot be an empty string`);
  }
  if (/^[a-z]/.test(type)) {
    if (stringTypes.has(type)) {
      throw unprocessable(`property '${path}': data type '${type}' is deprecated and not allowed as nested property`);
    }
    if (type === "geoCoordinates" || type === "phoneNumber") {
      throw unprocessable(`property '${path}': data type '${type}' not allowed as nested property`);
    }
    if (isPrimitiveDataType(type)) return type;
    throw unprocessable(`property '${path}': invalid dataType: Unknown primitive data type '${type}'`);
  }
  throw unprocessable(`property '${path}': reference data type not allowed`);
}

function checkNestedFlags(raw: JsonObject, type: string, path: string): void {
  const tokenization = raw["tokenization"];
  if (!isMissing(tokenization) && tokenization !== "") {
    if (!textTypes.has(type)) {
      const what = isNestedObjectType(type) ? "object/object[] data types" : `data type '${type}'`;
      throw unprocessable(`property '${path}': Tokenization is not allowed for ${what}`);
    }
    // Nested text is tokenized by the simple tokenizers only.
    if (!["word", "lowercase", "whitespace", "field"].includes(tokenization as string)) {
      throw unprocessable(
        `property '${path}': Tokenization '${String(tokenization)}' is not allowed for data type '${type}'`,
      );
    }
  }
  if (raw["indexFilterable"] === true && type === "blob") {
    throw unprocessable(`property: '${path}': indexFilterable is not allowed for blob data type`);
  }
  if (raw["indexSearchable"] === true && !textTypes.has(type)) {
    throw unprocessable(
      `property '${path}': \`indexSearchable\` is not allowed for other than text/text[] data types`,
    );
  }
  if (raw["indexRangeFilters"] === true && !rangeTypes.has(type)) {
    throw unprocessable(
      `property '${path}': \`indexRangeFilters\` is not allowed for other than number/int/date data types`,
    );
  }
}

/** Validates `nestedProperties` of an object/object[] property at dotted path `parent`, recursively. */
export function validateNestedProperties(raw: unknown, parent: string): void {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw unprocessable(
      `property '${parent}': At least one nested property is required for data type object/object[]`,
    );
  }
  const seen = new Set<string>();
  for (const item of raw) {
    if (!isPlainObject(item)) throw unprocessable(`property '${parent}': nested property must be a JSON object`);
    const name = typeof item["name"] === "string" ? item["name"] : "";
    validateNestedPropertyName(name, parent);
    const path = `${parent}.${name}`;
    if (seen.has(name.toLowerCase())) {
      throw unprocessable(`property '${path}': already in use or provided multiple times`);
    }
    seen.add(name.toLowerCase());
    checkFlagTypes(item, path);
    const type = checkNestedType(readDataType(item, path), path);
    checkNestedFlags(item, type, path);
    if (isNestedObjectType(type)) {
      validateNestedProperties(item["nestedProperties"], path);
    } else if (Array.isArray(item["nestedProperties"]) && item["nestedProperties"].length > 0) {
      throw unprocessable(
        `property '${path}': nestedProperties not allowed for data types other than object/object[]`,
      );
    }
  }
}
