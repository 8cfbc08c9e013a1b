/**
 * groupBy for Get: vector-search hits (closest first) grouped by the value of one property.
 * Groups appear in the order of their closest hit; each keeps at most objectsPerGroup hits, and
 * at most `groups` groups are returned. A hit whose property holds several values (an array)
 * joins the group of each value.
 */
import { type Collection, findProperty, type GroupBySpec, type SearchHit } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";

/** The values a property groups by, as strings: each element of an array, a reference's beacon. */
export function groupValues(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  return values.map((value) => {
    if (value !== null && typeof value === "object") {
      const beacon = (value as { beacon?: unknown }).beacon;
      return typeof beacon === "string" ? beacon : JSON.stringify(value);
    }
    return String(value);
  });
}

export function groupHits(hits: readonly SearchHit[], spec: GroupBySpec, collection: Collection): SearchHit[] {
  const property = findProperty(collection.properties, spec.path);
  if (!property) {
    throw unprocessable(`groupBy: no such property '${spec.path}' found in class ${collection.class}`);
  }
  const groups = new Map<string, SearchHit[]>();
  for (const hit of hits) {
    for (const value of groupValues(hit.object.properties[property.name])) {
      let members = groups.get(value);
      if (!members) {
        if (groups.size >= spec.groups) continue;
        members = [];
        groups.set(value, members);
      }
      if (members.length < spec.objectsPerGroup) members.push(hit);
    }
  }
  return [...groups.entries()].map(([value, members], id) => {
    const distances = members.map((member) => member.distance ?? 0);
    return {
      ...members[0]!,
      group: {
        id,
        groupedBy: { path: [property.name], value },
        count: members.length,
        minDistance: Math.min(...distances),
        maxDistance: Math.max(...distances),
        hits: members,
      },
    };
  });
}
