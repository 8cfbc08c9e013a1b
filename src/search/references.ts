/**
 * Cross-references through DataLoader, one resolver per request, for every transport that
 * returns references (GraphQL, gRPC): every reference of every object at one level of a result
 * is requested in the same tick, so each level costs one batched storage read per target class
 * (and tenant), whatever the number of objects.
 */
import DataLoader from "dataloader";
import { type Collection, findProperty, parseBeacon, type SearchHit, type StoredObject } from "../domain/index.ts";

/** An object of a result (a hit, or a resolved reference) with the collection and tenant it is in. */
export interface ResultObject {
  hit: SearchHit;
  collection: Collection;
  tenant?: string;
}

export interface ReferenceResolver {
  /** The objects a reference property of `source` points to, in its order; dangling ones left out. */
  load(source: ResultObject, property: string): Promise<ResultObject[]>;
}

/** One batched read of objects of one class (and tenant), in the order asked. */
type ObjectFetcher = (className: string, tenant: string | undefined, ids: string[]) => Promise<Array<StoredObject | undefined>>;

interface ObjectKey {
  className: string;
  tenant?: string;
  id: string;
}

const keyOf = (key: ObjectKey) => `${key.className}\u0000${key.tenant ?? ""}\u0000${key.id}`;

async function loadBatch(fetchObjects: ObjectFetcher, keys: readonly ObjectKey[]): Promise<Array<StoredObject | undefined>> {
  const groups = new Map<string, { className: string; tenant?: string; positions: number[]; ids: string[] }>();
  keys.forEach((key, position) => {
    const groupKey = `${key.className}\u0000${key.tenant ?? ""}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = { className: key.className, tenant: key.tenant, positions: [], ids: [] };
      groups.set(groupKey, group);
    }
    group.positions.push(position);
    group.ids.push(key.id);
  });
  const results: Array<StoredObject | undefined> = new Array(keys.length);
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const objects = await fetchObjects(group.className, group.tenant, group.ids);
      group.positions.forEach((position, i) => {
        results[position] = objects[i];
      });
    }),
  );
  return results;
}

export function createReferenceResolver(
  fetchObjects: ObjectFetcher,
  collection: (className: string) => Collection | undefined,
): ReferenceResolver {
  const loader = new DataLoader<ObjectKey, StoredObject | undefined, string>((keys) => loadBatch(fetchObjects, keys), {
    cacheKeyFn: keyOf,
  });
  const resolveOne = async (
    source: ResultObject,
    targets: readonly string[],
    beacon: string,
  ): Promise<ResultObject | undefined> => {
    const parsed = parseBeacon(beacon);
    if (typeof parsed === "string") return undefined;
    // A class-less (legacy) beacon may point into any target class of the property.
    const candidates = parsed.className ? [parsed.className] : targets;
    for (const className of candidates) {
      const target = collection(className);
      if (!target) continue;
      // A reference from a tenant's object points into the same tenant of a multi-tenant class.
      const tenant = target.multiTenancyConfig.enabled ? source.tenant : undefined;
      const object = await loader.load({ className: target.class, tenant, id: parsed.id });
      if (object) return { hit: { object }, collection: target, tenant };
    }
    // Like Weaviate, a reference whose target is gone is left out of the result.
    return undefined;
  };
  return {
    load: async (source, property) => {
      const definition = findProperty(source.collection.properties, property);
      const raw = source.hit.object.properties[definition?.name ?? property];
      if (!Array.isArray(raw)) return [];
      const targets = definition?.dataType ?? [];
      const beacons = raw.flatMap((entry) =>
        entry && typeof entry === "object" && typeof (entry as { beacon?: unknown }).beacon === "string"
          ? [(entry as { beacon: string }).beacon]
          : [],
      );
      const entries = await Promise.all(beacons.map((beacon) => resolveOne(source, targets, beacon)));
      return entries.filter((entry): entry is ResultObject => entry !== undefined);
    },
  };
}
