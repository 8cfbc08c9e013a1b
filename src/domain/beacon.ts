/**
 * Beacons: `weaviate://localhost/<Class>/<uuid>` (current) or `weaviate://localhost/<uuid>`
 * (legacy, class looked up), and the source form `weaviate://localhost/<Class>/<uuid>/<prop>`
 * used as `from` in batch references.
 */
import { normalizeUuid } from "./object.ts";

export interface BeaconTarget {
  className?: string;
  id: string;
}

export interface BeaconSource {
  className: string;
  id: string;
  property: string;
}

const prefix = "weaviate://";

function segmentsOf(beacon: string): { host: string; parts: string[] } | undefined {
  if (typeof beacon !== "string" || !beacon.startsWith(prefix)) return undefined;
  const rest = beacon.slice(prefix.length);
  const [host, ...parts] = rest.split("/");
  if (host === undefined || host === "") return undefined;
  return { host, parts };
}

/** Parses a target beacon; returns a reason string when it is not one. */
export function parseBeacon(beacon: unknown): BeaconTarget | string {
  if (typeof beacon !== "string") return "beacon must be a string";
  const segments = segmentsOf(beacon);
  if (!segments) return `invalid beacon '${beacon}': must start with weaviate://localhost/`;
  if (segments.host !== "localhost") {
    return `invalid beacon '${beacon}': only local references (weaviate://localhost/...) are supported`;
  }
  const { parts } = segments;
  if (parts.length < 1 || parts.length > 2) {
    return `invalid beacon '${beacon}': expected weaviate://localhost/<Class>/<uuid>`;
  }
  const id = normalizeUuid(parts[parts.length - 1] ?? "");
  if (!id) return `invalid beacon '${beacon}': '${parts[parts.length - 1]}' is not a valid uuid`;
  if (parts.length === 2) {
    const className = parts[0] ?? "";
    if (!/^[A-Za-z][_0-9A-Za-z]*$/.test(className)) {
      return `invalid beacon '${beacon}': '${className}' is not a class name`;
    }
    return { className: className[0]!.toUpperCase() + className.slice(1), id };
  }
  return { id };
}

/** Parses the three-segment source beacon of batch references. */
export function parseSourceBeacon(beacon: unknown): BeaconSource | string {
  if (typeof beacon !== "string") return "from must be a string";
  const segments = segmentsOf(beacon);
  if (segments?.host !== "localhost" || segments.parts.length !== 3) {
    return `invalid source beacon '${String(beacon)}': expected weaviate://localhost/<Class>/<uuid>/<property>`;
  }
  const [className, rawId, property] = segments.parts as [string, string, string];
  const id = normalizeUuid(rawId);
  if (!/^[A-Z][_0-9A-Za-z]*$/.test(className)) {
    return `invalid source beacon '${beacon}': class '${className}' must start with an upper-case letter`;
  }
  if (!id) return `invalid source beacon '${beacon}': '${rawId}' is not a valid uuid`;
  if (property === "") return `invalid source beacon '${beacon}': property is empty`;
  return { className, id, property };
}

export function formatBeacon(className: string, id: string): string {
  return `weaviate://localhost/${className}/${id}`;
}

export function hrefFor(origin: string, className: string, id: string): string {
  return `${origin}/v1/objects/${className}/${id}`;
}
