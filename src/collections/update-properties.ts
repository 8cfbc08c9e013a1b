/**
 * The property part of PUT /v1/schema/{c}: the body must list exactly the existing properties,
 * unchanged except for descriptions (top-level and nested). New module configs may be added to a
 * property; existing ones must stay as they are. Adding properties has its own endpoint.
 */
import type { Property, PropertyInput } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { propertyWithDefaults } from "./defaults.ts";
import { cloneJson, deepEqual, isMissing, isPlainObject, type JsonObject } from "./json.ts";
import { normalizePropertyName } from "./names.ts";

const onlyDescriptionMessage =
  'property fields other than description cannot be updated through updating the class. Use the add property feature (e.g. "POST /v1/schema/{className}/properties") to add additional properties';

// The keys that define a property's storage and indexing; description and unknown keys are not
// compared (clients may drop keys they do not model).
const comparedKeys = [
  "name",
  "dataType",
  "tokenization",
  "indexFilterable",
  "indexSearchable",
  "indexRangeFilters",
] as const;

function comparable(property: Property): JsonObject {
  const out: JsonObject = {};
  for (const key of comparedKeys) out[key] = property[key];
  if (property.nestedProperties) out["nestedProperties"] = property.nestedProperties.map(comparable);
  return out;
}

function checkModuleConfig(before: Property, after: Property, name: string): void {
  const previous = before.moduleConfig ?? {};
  const next = after.moduleConfig ?? {};
  for (const [module, config] of Object.entries(previous)) {
    if (!(module in next)) {
      throw unprocessable(`property "${name}": module "${module}" configuration was removed`);
    }
    if (!deepEqual(config, next[module])) {
      throw unprocessable(`property "${name}": module "${module}" configuration cannot be updated`);
    }
  }
}

/** `current` with descriptions taken from `incoming`, recursively through nested properties. */
function withDescriptions(current: Property, incoming: Property): Property {
  const out: Property = cloneJson(current);
  if (incoming.description !== undefined) out.description = incoming.description;
  else delete out.description;
  if (incoming.moduleConfig !== undefined) out.moduleConfig = cloneJson(incoming.moduleConfig);
  if (current.nestedProperties && incoming.nestedProperties) {
    out.nestedProperties = current.nestedProperties.map((nested) => {
      const match = incoming.nestedProperties?.find((candidate) => candidate.name === nested.name);
      return match ? withDescriptions(nested, match) : cloneJson(nested);
    });
  }
  return out;
}

function defaultedIncoming(raw: unknown): Property {
  // Only the shape needed to default and compare; anything odd simply fails the comparison.
  if (!isPlainObject(raw) || typeof raw["name"] !== "string") throw unprocessable(onlyDescriptionMessage);
  const dataType = raw["dataType"];
  if (!Array.isArray(dataType) || !dataType.every((item) => typeof item === "string")) {
    throw unprocessable(onlyDescriptionMessage);
  }
  const cleaned: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) if (value !== null) cleaned[key] = value;
  cleaned["name"] = normalizePropertyName(raw["name"]);
  return propertyWithDefaults(cleaned as PropertyInput);
}

/**
 * The properties after an update. A missing `properties` key keeps the current ones; otherwise
 * each incoming property (defaults applied, as for a create) must match a current one in
 * everything but its description.
 */
export function updatedProperties(current: readonly Property[], raw: unknown): Property[] {
  if (isMissing(raw)) return cloneJson([...current]);
  if (!Array.isArray(raw)) throw unprocessable("properties must be an array");
  if (raw.length !== current.length) throw unprocessable(onlyDescriptionMessage);
  const incoming = raw.map(defaultedIncoming);
  return current.map((property) => {
    const match = incoming.find((candidate) => candidate.name === property.name);
    if (!match || !deepEqual(comparable(property), comparable(match))) {
      throw unprocessable(onlyDescriptionMessage);
    }
    checkModuleConfig(property, match, property.name);
    return withDescriptions(property, match);
  });
}
