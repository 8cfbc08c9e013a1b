/**
 * The legacy `group: {type, force}` argument of Get, as Weaviate's grouper does it: results,
 * in the order the query ranked them, join the first group that has a member closer than
 * `force`, measured as (1 − cosine similarity) / 2 of their vectors (one member close enough
 * suffices), else start a group. `closest` answers each group's first (best) result; `merge`
 * answers one object per group: text joined as "first (second, third)" without repeats,
 * numbers averaged, booleans by majority (ties true), geo coordinates averaged, references
 * united; other values are dropped, and so are the id and the distance. The vector is the mean.
 * Objects without a vector are alone in their group.
 */
import {
  type Collection,
  findProperty,
  type GroupSpec,
  isReferenceType,
  type SearchHit,
  type StoredObject,
  vectorSpacesOf,
} from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";

/** The vector the grouper compares: the class-level one, else the first named vector. */
function groupingVector(collection: Collection, object: StoredObject): number[] | undefined {
  const [space] = vectorSpacesOf(collection);
  return space ? object.vectors[space.name] : undefined;
}

function distance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Number.NaN;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return (1 - dot / Math.sqrt(normA * normB)) / 2;
}

function formGroups(hits: readonly SearchHit[], collection: Collection, force: number): SearchHit[][] {
  const groups: Array<{ members: SearchHit[]; vectors: number[][] }> = [];
  for (const hit of hits) {
    const vector = groupingVector(collection, hit.object);
    const home = vector
      ? groups.find((group) => group.vectors.some((other) => distance(vector, other) < force))
      : undefined;
    if (home) {
      home.members.push(hit);
      home.vectors.push(vector!);
    } else {
      groups.push({ members: [hit], vectors: vector ? [vector] : [] });
    }
  }
  return groups.map((group) => group.members);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function mergeText(values: readonly string[]): string {
  const unique = [...new Set(values)];
  return unique.length === 1 ? unique[0]! : `${unique[0]} (${unique.slice(1).join(", ")})`;
}

function mergeReferences(values: readonly unknown[]): unknown[] {
  const byTarget = new Map<string, unknown>();
  for (const list of values) {
    for (const reference of Array.isArray(list) ? list : []) {
      const beacon = String((reference as { beacon?: unknown }).beacon ?? "");
      const target = beacon.slice(beacon.lastIndexOf("/") + 1);
      if (!byTarget.has(target)) byTarget.set(target, reference);
    }
  }
  return [...byTarget.values()];
}

/** One property's merged value, or undefined when its type is not merged. */
function mergeValues(dataType: readonly string[], values: readonly unknown[]): unknown {
  if (isReferenceType(dataType)) return mergeReferences(values);
  switch (dataType[0]) {
    case "text":
    case "string":
      return mergeText(values.filter((value): value is string => typeof value === "string"));
    case "int":
    case "number":
      return mean(values.filter((value): value is number => typeof value === "number"));
    case "boolean": {
      const trues = values.filter((value) => value === true).length;
      return trues >= values.length - trues;
    }
    case "geoCoordinates": {
      const points = values as Array<{ latitude: number; longitude: number }>;
      return { latitude: mean(points.map((p) => p.latitude)), longitude: mean(points.map((p) => p.longitude)) };
    }
    default:
      return undefined;
  }
}

function mergeGroup(collection: Collection, members: readonly SearchHit[]): SearchHit {
  if (members.length === 1) return members[0]!;
  const objects = members.map((member) => member.object);
  const properties: Record<string, unknown> = {};
  const names = new Set(objects.flatMap((object) => Object.keys(object.properties)));
  for (const name of names) {
    const property = findProperty(collection.properties, name);
    const values = objects.map((object) => object.properties[name]).filter((value) => value !== undefined && value !== null);
    const merged = property && values.length > 0 ? mergeValues(property.dataType, values) : undefined;
    if (merged !== undefined) properties[name] = merged;
  }
  const vectors: Record<string, number[]> = {};
  const [space] = vectorSpacesOf(collection);
  const withVectors = objects.map((object) => groupingVector(collection, object)).filter((v): v is number[] => !!v);
  if (space && withVectors.length === objects.length) {
    const dims = withVectors[0]!.length;
    if (withVectors.some((vector) => vector.length !== dims)) throw unprocessable("vectors have different dimensions");
    vectors[space.name] = Array.from({ length: dims }, (_, i) => mean(withVectors.map((vector) => vector[i]!)));
  }
  const first = objects[0]!;
  return {
    object: { ...first, id: "", properties, vectors, creationTimeUnix: 0, lastUpdateTimeUnix: 0 },
  };
}

export function groupResults(hits: readonly SearchHit[], spec: GroupSpec, collection: Collection): SearchHit[] {
  const groups = formGroups(hits, collection, spec.force);
  return spec.type === "closest" ? groups.map((members) => members[0]!) : groups.map((members) => mergeGroup(collection, members));
}
