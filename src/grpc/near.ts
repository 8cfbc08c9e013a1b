/**
 * nearVector and nearObject messages → the search use case's NearSearch, for Search and
 * Aggregate alike: the vector from whichever field the client filled (per target, named list,
 * bytes, the deprecated float list), the target vectors, distance or certainty (not both).
 */
import { type Collection, type NearSearch, vectorSpacesOf } from "../domain/index.ts";
import { invalidArgument } from "./errors.ts";
import type { NearObject, NearVector, Targets } from "./generated/v1/base_search.ts";
import { singleVector, unpackFloat32 } from "./vectors.ts";

/** The named vectors a search targets: `targets`, or the deprecated list. */
function targetNames(targets: Targets | undefined, deprecated: string[]): string[] | undefined {
  const names = targets?.targetVectors.length ? targets.targetVectors : deprecated;
  return names.length > 0 ? names : undefined;
}

function thresholds(
  search: { certainty?: number | undefined; distance?: number | undefined },
  name: string,
): Pick<NearSearch, "certainty" | "distance"> {
  if (search.certainty !== undefined && search.distance !== undefined) {
    throw invalidArgument(`${name}: cannot provide distance and certainty`);
  }
  if (search.certainty !== undefined && (search.certainty < 0 || search.certainty > 1)) {
    throw invalidArgument(`${name}: certainty must be between 0 and 1, got ${search.certainty}`);
  }
  return {
    ...(search.certainty !== undefined ? { certainty: search.certainty } : {}),
    ...(search.distance !== undefined ? { distance: search.distance } : {}),
  };
}

export function nearVectorOf(near: NearVector): NearSearch {
  let targets = targetNames(near.targets, near.targetVectors);
  let vector: number[] | undefined;
  if (near.vectorForTargets.length > 0) {
    if (near.vectorForTargets.length > 1) {
      throw invalidArgument("near_vector: multiple target vectors are not supported: give one vector for one target");
    }
    const [only] = near.vectorForTargets;
    vector = only!.vectors.length > 0 ? singleVector(only!.vectors, "near_vector") : unpackFloat32(only!.vectorBytes);
    targets = [only!.name];
  } else if (Object.keys(near.vectorPerTarget).length > 0) {
    const entries = Object.entries(near.vectorPerTarget);
    if (entries.length > 1) throw invalidArgument("near_vector: multiple target vectors are not supported");
    const [name, bytes] = entries[0]!;
    vector = unpackFloat32(bytes);
    targets = [name];
  } else if (near.vectors.length > 0) {
    vector = singleVector(near.vectors, "near_vector");
  } else if (near.vectorBytes.length > 0) {
    vector = unpackFloat32(near.vectorBytes);
  } else {
    vector = near.vector;
  }
  if (vector.length === 0) throw invalidArgument("near_vector: vector cannot be empty");
  return { target: { kind: "vector", vector }, targetVectors: targets, ...thresholds(near, "near_vector") };
}

export function nearObjectOf(near: NearObject): NearSearch {
  if (near.id === "") throw invalidArgument("near_object: id is required");
  return {
    target: { kind: "object", id: near.id.toLowerCase() },
    targetVectors: targetNames(near.targets, near.targetVectors),
    ...thresholds(near, "near_object"),
  };
}

/** Whether the space the search runs in is cosine (certainty exists only there). */
export function searchesCosine(collection: Collection, near: NearSearch): boolean {
  const spaces = vectorSpacesOf(collection);
  const wanted = near.targetVectors?.[0];
  const space = wanted === undefined ? spaces[0] : spaces.find((candidate) => candidate.name === wanted);
  return space?.config.distance === "cosine";
}
