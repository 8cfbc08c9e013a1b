/**
 * Wire shapes of stored objects: Weaviate's models.Object with empty keys omitted, reference
 * values decorated with `href`, vectors only when asked for (or on write replies).
 */
import type { Collection, StoredObject } from "../domain/index.ts";
import { hrefFor, isReferenceType, parseBeacon } from "../domain/index.ts";
import { shortestFloat32 } from "../lib/index.ts";

export interface RenderOptions {
  origin: string;
  withVector: boolean;
  /**
   * "stored": vectors read back from storage (float32), printed in their shortest form;
   * "as-sent": vectors of a write reply, still the client's own numbers, echoed as they are.
   */
  vectorValues?: "stored" | "as-sent";
}

function renderProperties(
  collection: Collection | undefined,
  properties: Record<string, unknown>,
  origin: string,
): Record<string, unknown> {
  if (!collection) return properties;
  const rendered: Record<string, unknown> = { ...properties };
  for (const property of collection.properties) {
    const value = rendered[property.name];
    if (!isReferenceType(property.dataType) || !Array.isArray(value)) continue;
    rendered[property.name] = value.map((reference: { beacon: string }) => {
      const target = parseBeacon(reference.beacon);
      if (typeof target === "string" || !target.className) return reference;
      return { beacon: reference.beacon, href: hrefFor(origin, target.className, target.id) };
    });
  }
  return rendered;
}

export function renderObject(
  object: StoredObject,
  collection: Collection | undefined,
  options: RenderOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    class: object.className,
    creationTimeUnix: object.creationTimeUnix,
    id: object.id,
    lastUpdateTimeUnix: object.lastUpdateTimeUnix,
    properties: renderProperties(collection, object.properties, options.origin),
  };
  if (object.tenant !== undefined) out["tenant"] = object.tenant;
  if (options.withVector) {
    const renderVector =
      options.vectorValues === "as-sent"
        ? (vector: number[]) => vector
        : (vector: number[]) => vector.map(shortestFloat32);
    const { "": legacy, ...named } = object.vectors;
    if (legacy !== undefined) out["vector"] = renderVector(legacy);
    if (Object.keys(named).length > 0) {
      out["vectors"] = Object.fromEntries(
        Object.entries(named).map(([name, vector]) => [name, renderVector(vector)]),
      );
    }
  }
  return out;
}
