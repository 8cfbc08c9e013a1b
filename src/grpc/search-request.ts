/**
 * A SearchRequest → the search use case's GetParams, plus what the reply is to carry (the
 * selection). Rules as Weaviate's gRPC handler has them: limit 0 means QUERY_DEFAULTS_LIMIT,
 * no properties request means every non-reference, non-blob property, certainty is dropped
 * (not refused) where the searched space is not cosine, sort does not combine with a search.
 */
import {
  checkResultWindow,
  type Collection,
  findProperty,
  type GetParams,
  type GroupBySpec,
  isReferenceType,
  type SortClause,
} from "../domain/index.ts";
import { invalidArgument } from "./errors.ts";
import { type CollectionLookup, filterOf } from "./filters.ts";
import type { MetadataRequest, PropertiesRequest, SearchRequest } from "./generated/v1/search_get.ts";
import { hybridOf, keywordOf } from "./keyword.ts";
import { nearObjectOf, nearVectorOf, searchesCosine } from "./near.ts";

/** Which properties of an object property to return: every nested one, or these. */
export interface PropertyPick {
  name: string;
  nested?: PropertyPick[];
}

/** The metadata a result carries, as MetadataRequest asks for it. */
export interface MetadataPick {
  uuid: boolean;
  creationTimeUnix: boolean;
  lastUpdateTimeUnix: boolean;
  distance: boolean;
  certainty: boolean;
  score: boolean;
  explainScore: boolean;
  /** The legacy (unnamed) vector. */
  vector: boolean;
  /** Named vectors. */
  vectors: string[];
}

export interface ReferencePick {
  /** The reference property, as the schema spells it. */
  property: string;
  /** The collection its objects are returned from. */
  target: Collection;
  selection: Selection;
}

/** What each result of a collection carries. */
export interface Selection {
  collection: Collection;
  properties: PropertyPick[];
  references: ReferencePick[];
  /** The request had a reference list (the client then tells "none found" from "not asked"). */
  referencesRequested: boolean;
  metadata: MetadataPick;
}

export interface SearchLimits {
  defaultLimit: number;
  maximumResults: number;
}

const unsupported: Array<[keyof SearchRequest, string]> = [
  ["nearText", "nearText"],
  ["nearImage", "nearImage"],
  ["nearAudio", "nearAudio"],
  ["nearVideo", "nearVideo"],
  ["nearDepth", "nearDepth"],
  ["nearThermal", "nearThermal"],
  ["nearImu", "nearIMU"],
  ["generative", "generative search"],
  ["rerank", "rerank"],
  ["boost", "boost"],
  ["decide", "decisions"],
];

/** Every property a client gets when it names none: no references, no blobs; objects whole. */
function allNonReference(collection: Collection): PropertyPick[] {
  return collection.properties
    .filter((property) => !isReferenceType(property.dataType) && property.dataType[0] !== "blob")
    .map((property) => ({ name: property.name }));
}

function nestedPicks(requests: PropertiesRequest["objectProperties"]): PropertyPick[] {
  return requests.map((request) => ({
    name: request.propName,
    nested: [...request.primitiveProperties.map((name) => ({ name })), ...nestedPicks(request.objectProperties)],
  }));
}

function metadataPick(request: MetadataRequest | undefined, collection: Collection): MetadataPick {
  const named = Object.keys(collection.vectorConfig ?? {});
  const wantsAll = request?.vector === true;
  return {
    uuid: request?.uuid ?? false,
    creationTimeUnix: request?.creationTimeUnix ?? false,
    lastUpdateTimeUnix: request?.lastUpdateTimeUnix ?? false,
    distance: request?.distance ?? false,
    certainty: request?.certainty ?? false,
    score: request?.score ?? false,
    explainScore: request?.explainScore ?? false,
    // `vector` asks for every vector the object has: the legacy one, and all named ones.
    vector: wantsAll && collection.vectorIndexConfig !== undefined,
    vectors: wantsAll ? named : (request?.vectors ?? []),
  };
}

function selectionOf(
  collection: Collection,
  properties: PropertiesRequest | undefined,
  metadata: MetadataRequest | undefined,
  lookup: CollectionLookup,
): Selection {
  const picks = !properties || properties.returnAllNonrefProperties ? allNonReference(collection) : [];
  if (properties && !properties.returnAllNonrefProperties) {
    for (const name of properties.nonRefProperties) picks.push({ name });
  }
  picks.push(...nestedPicks(properties?.objectProperties ?? []));
  const references = (properties?.refProperties ?? []).map((request): ReferencePick => {
    const property = findProperty(collection.properties, request.referenceProperty);
    if (!property || !isReferenceType(property.dataType)) {
      throw invalidArgument(
        `no such prop with name '${request.referenceProperty}' found in class '${collection.class}' in the schema. ` +
          "Check your schema files for which properties in this class are available",
      );
    }
    const targetName = property.dataType.length === 1 ? property.dataType[0]! : request.targetCollection;
    if (!targetName) {
      throw invalidArgument(
        `multi target references from collection ${collection.class} and property ${property.name} need an explicit ` +
          `linked collection. Available linked collections are [${property.dataType.join(" ")}]`,
      );
    }
    const target = lookup(targetName);
    if (!target) throw invalidArgument(`could not find class ${targetName} in schema`);
    return { property: property.name, target, selection: selectionOf(target, request.properties, request.metadata, lookup) };
  });
  return {
    collection,
    properties: picks,
    references,
    referencesRequested: (properties?.refProperties.length ?? 0) > 0,
    metadata: metadataPick(metadata, collection),
  };
}

function sortOf(request: SearchRequest): SortClause[] | undefined {
  if (request.sortBy.length === 0) return undefined;
  if (request.nearVector || request.nearObject || request.bm25Search || request.hybridSearch) {
    throw invalidArgument("sorting cannot be combined with search");
  }
  return request.sortBy.map((sort) => {
    if (sort.path.length !== 1) {
      throw invalidArgument(`sort: path must have exactly one element, the property name, got ${JSON.stringify(sort.path)}`);
    }
    return { path: sort.path[0]!, order: sort.ascending ? "asc" : "desc" };
  });
}

function groupByOf(request: SearchRequest): GroupBySpec | undefined {
  const group = request.groupBy;
  if (!group) return undefined;
  if (group.path.length !== 1) throw invalidArgument(`groupby path can only have one entry, received [${group.path.join(" ")}]`);
  if (group.numberOfGroups <= 0) throw invalidArgument("groupBy: groups must be greater than 0");
  if (group.objectsPerGroup <= 0) throw invalidArgument("groupBy: objectsPerGroup must be greater than 0");
  if (!request.nearVector && !request.nearObject && !request.bm25Search && !request.hybridSearch) {
    throw invalidArgument("groupBy needs a vector search (nearVector, nearObject, hybrid) or a bm25 search");
  }
  return { path: group.path[0]!, groups: group.numberOfGroups, objectsPerGroup: group.objectsPerGroup };
}

/** Nothing but ids, distances and certainties: a vector search need not read the objects. */
function selectsOnlyIdentity(selection: Selection): boolean {
  const { metadata } = selection;
  return (
    selection.properties.length === 0 &&
    selection.references.length === 0 &&
    !metadata.vector &&
    metadata.vectors.length === 0 &&
    !metadata.creationTimeUnix &&
    !metadata.lastUpdateTimeUnix
  );
}

export function searchParamsOf(
  request: SearchRequest,
  lookup: CollectionLookup,
  limits: SearchLimits,
): { params: GetParams; selection: Selection } {
  const collection = lookup(request.collection);
  if (!collection) throw invalidArgument(`could not find class ${request.collection} in schema`);
  for (const [field, name] of unsupported) {
    if (request[field] !== undefined) throw invalidArgument(`${name} is not supported by this server`);
  }
  if (request.nearVector && request.nearObject) {
    throw invalidArgument("found both 'nearVector' and 'nearObject' parameters which are conflicting, choose one instead");
  }
  const searches = [request.nearVector, request.nearObject, request.bm25Search, request.hybridSearch].filter(Boolean).length;
  if (searches > 1) throw invalidArgument("only one search (nearVector, nearObject, bm25 or hybrid) can be given per request");
  const keyword = request.bm25Search ? keywordOf(request.bm25Search) : undefined;
  const hybrid = request.hybridSearch ? hybridOf(request.hybridSearch) : undefined;
  const near = request.nearVector ? nearVectorOf(request.nearVector) : request.nearObject ? nearObjectOf(request.nearObject) : undefined;
  const selection = selectionOf(collection, request.properties, request.metadata, lookup);
  // Weaviate leaves certainty out where it does not exist rather than refusing the request.
  if (selection.metadata.certainty && (!near || !searchesCosine(collection, near))) selection.metadata.certainty = false;
  const limit = request.limit > 0 ? request.limit : limits.defaultLimit;
  if (request.after === "") checkResultWindow(request.offset, limit, limits.maximumResults);
  const sort = sortOf(request);
  const groupBy = groupByOf(request);
  const params: GetParams = {
    className: collection.class,
    ...(request.tenant !== "" ? { tenant: request.tenant } : {}),
    ...(request.filters ? { where: filterOf(request.filters, collection, lookup) } : {}),
    ...(near ? { near } : {}),
    ...(keyword ? { keyword } : {}),
    ...(hybrid ? { hybrid } : {}),
    limit,
    offset: request.offset,
    ...(request.after !== "" ? { after: request.after } : {}),
    ...(request.autocut > 0 ? { autocut: request.autocut } : {}),
    ...(sort ? { sort } : {}),
    ...(groupBy ? { groupBy } : {}),
    wantsCertainty: false,
    idsOnly: selectsOnlyIdentity(selection),
  };
  return { params, selection };
}
