/**
 * Aggregate: an AggregateRequest becomes the search use case's AggregateParams (the same ones
 * GraphQL's Aggregate builds), and its groups become an AggregateReply typed by each property's
 * data type, as Weaviate's gRPC handler shapes them:
 * - int, number and date carry only the statistics asked for; text carries count, type and its
 *   top occurrences; boolean carries every field (Weaviate does not filter those two).
 * - objects_count is always set; groups are grouped_results (largest first), typed by the
 *   stored value: text, number (ints are numbers there too, as Weaviate stores them), boolean.
 * - Searches: nearVector and nearObject (with objectLimit or a distance), hybrid (objectLimit, or
 *   QUERY_HYBRID_MAXIMUM_RESULTS objects); the module searches (nearText, media) are refused by name.
 */
import {
  type AggregateGroup,
  type AggregateParams,
  type AggregateProperty,
  type Collection,
  findProperty,
  isReferenceType,
  type Property,
} from "../domain/index.ts";
import { invalidArgument } from "./errors.ts";
import { type CollectionLookup, filterOf } from "./filters.ts";
import type {
  AggregateReply,
  AggregateReply_Aggregations,
  AggregateReply_Aggregations_Aggregation,
  AggregateReply_Group_GroupedBy,
  AggregateRequest,
  AggregateRequest_Aggregation,
} from "./generated/v1/aggregate.ts";
import { hybridOf } from "./keyword.ts";
import { nearObjectOf, nearVectorOf } from "./near.ts";

/** What Aggregate needs from the search use case. */
export interface Aggregator {
  aggregate(params: AggregateParams): Promise<AggregateGroup[]>;
}

const unsupported: Array<[keyof AggregateRequest, string]> = [
  ["nearText", "nearText"],
  ["nearImage", "nearImage"],
  ["nearAudio", "nearAudio"],
  ["nearVideo", "nearVideo"],
  ["nearDepth", "nearDepth"],
  ["nearThermal", "nearThermal"],
  ["nearImu", "nearIMU"],
];

/** One requested property: its schema entry and the statistics named in the request. */
interface Wanted {
  property: Property;
  statistics: Set<string>;
}

/** The statistics flags set in whichever typed message the client chose. */
function statisticsOf(aggregation: AggregateRequest_Aggregation): Set<string> {
  const flags = aggregation.int ?? aggregation.number ?? aggregation.text ?? aggregation.boolean ?? aggregation.date ?? aggregation.reference;
  const statistics = new Set<string>();
  for (const [name, on] of Object.entries(flags ?? {})) {
    if (on === true) statistics.add(name === "topOccurences" ? "topOccurrences" : name);
  }
  return statistics;
}

const aggregatable = new Set(["text", "string", "int", "number", "boolean", "date"]);

function wantedOf(collection: Collection, aggregation: AggregateRequest_Aggregation): Wanted {
  const property = findProperty(collection.properties, aggregation.property);
  if (!property) {
    throw invalidArgument(
      `no such prop with name '${aggregation.property}' found in class '${collection.class}' in the schema. ` +
        "Check your schema files for which properties in this class are available",
    );
  }
  const base = (property.dataType[0] ?? "").replace(/\[\]$/, "");
  if (!isReferenceType(property.dataType) && !aggregatable.has(base)) {
    throw invalidArgument(`property '${property.name}' of type ${property.dataType[0]} cannot be aggregated`);
  }
  return { property, statistics: statisticsOf(aggregation) };
}

function targetVectorCount(request: AggregateRequest): number {
  const near = request.nearVector ?? request.nearObject;
  return near ? Math.max(near.targets?.targetVectors.length ?? 0, near.targetVectors.length) : 0;
}

export function aggregateParamsOf(
  request: AggregateRequest,
  lookup: CollectionLookup,
): { params: AggregateParams; wanted: Wanted[] } {
  const collection = lookup(request.collection);
  if (!collection) throw invalidArgument(`could not find class ${request.collection} in schema`);
  for (const [field, name] of unsupported) {
    if (request[field] !== undefined) throw invalidArgument(`${name} is not supported by this server`);
  }
  if (targetVectorCount(request) > 1) throw invalidArgument("found more than one target vector for aggregation");
  const near = request.nearVector ? nearVectorOf(request.nearVector) : request.nearObject ? nearObjectOf(request.nearObject) : undefined;
  const wanted = request.aggregations.map((aggregation) => wantedOf(collection, aggregation));
  const properties = request.aggregations.map((aggregation, index): AggregateProperty => {
    const limit = aggregation.text?.topOccurences ? aggregation.text.topOccurencesLimit : undefined;
    return { name: wanted[index]!.property.name, ...(limit !== undefined ? { topOccurrencesLimit: limit } : {}) };
  });
  if (request.groupBy && request.groupBy.property === "") throw invalidArgument("group_by: property is required");
  const params: AggregateParams = {
    className: collection.class,
    ...(request.tenant !== "" ? { tenant: request.tenant } : {}),
    ...(request.filters ? { where: filterOf(request.filters, collection, lookup) } : {}),
    ...(near ? { near } : {}),
    ...(request.hybrid ? { hybrid: hybridOf(request.hybrid) } : {}),
    ...(request.objectLimit !== undefined ? { objectLimit: request.objectLimit } : {}),
    ...(request.groupBy ? { groupBy: [request.groupBy.property] } : {}),
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
    properties,
  };
  return { params, wanted };
}

/** The statistics that are numbers (absent when there were no values), kept if asked for. */
function picked(statistics: Set<string>, result: Record<string, unknown>, names: readonly string[]) {
  const out: Record<string, number> = {};
  for (const name of names) {
    const value = result[name];
    if (statistics.has(name) && typeof value === "number") out[name] = value;
  }
  return out;
}

function wholeNumbers(values: Record<string, number>, names: readonly string[]): Record<string, number> {
  for (const name of names) if (values[name] !== undefined) values[name] = Math.trunc(values[name]!);
  return values;
}

const numericStatistics = ["count", "mean", "median", "mode", "maximum", "minimum", "sum"] as const;

function aggregationOf(wanted: Wanted, result: Record<string, unknown>): AggregateReply_Aggregations_Aggregation {
  const { property, statistics } = wanted;
  const type = String(result["type"] ?? property.dataType[0]);
  const named = { property: property.name };
  if (isReferenceType(property.dataType)) {
    return { ...named, reference: { type, pointingTo: [...((result["pointingTo"] as string[] | undefined) ?? [])] } };
  }
  switch (type.replace(/\[\]$/, "")) {
    case "int":
      return {
        ...named,
        int: { type, ...wholeNumbers(picked(statistics, result, numericStatistics), ["count", "mode", "maximum", "minimum", "sum"]) },
      };
    case "number":
      return { ...named, number: { type, ...wholeNumbers(picked(statistics, result, numericStatistics), ["count"]) } };
    case "boolean":
      return {
        ...named,
        boolean: {
          type,
          count: Number(result["count"] ?? 0),
          totalTrue: Number(result["totalTrue"] ?? 0),
          totalFalse: Number(result["totalFalse"] ?? 0),
          percentageTrue: Number(result["percentageTrue"] ?? 0),
          percentageFalse: Number(result["percentageFalse"] ?? 0),
        },
      };
    case "date": {
      const dates: Record<string, string | number> = {};
      if (statistics.has("count")) dates["count"] = Number(result["count"] ?? 0);
      for (const name of ["median", "mode", "maximum", "minimum"]) {
        const value = result[name];
        if (statistics.has(name) && typeof value === "string") dates[name] = value;
      }
      return { ...named, date: { type, ...dates } };
    }
    default: {
      const occurrences = (result["topOccurrences"] as Array<{ value: string; occurs: number }> | undefined) ?? [];
      return {
        ...named,
        text: {
          type,
          count: Number(result["count"] ?? 0),
          ...(occurrences.length > 0 ? { topOccurences: { items: occurrences.map(({ value, occurs }) => ({ value, occurs })) } } : {}),
        },
      };
    }
  }
}

function aggregationsOf(wanted: readonly Wanted[], group: AggregateGroup): AggregateReply_Aggregations | undefined {
  if (wanted.length === 0) return undefined;
  return { aggregations: wanted.map((entry) => aggregationOf(entry, group.properties[entry.property.name] ?? {})) };
}

function groupedByOf(groupedBy: NonNullable<AggregateGroup["groupedBy"]>): AggregateReply_Group_GroupedBy {
  const { path, stored, value } = groupedBy;
  if (typeof stored === "boolean") return { path, boolean: stored };
  if (typeof stored === "number") return { path, number: stored };
  return { path, text: typeof stored === "string" ? stored : value };
}

export async function aggregate(
  aggregator: Aggregator,
  collections: CollectionLookup,
  request: AggregateRequest,
  started: number,
): Promise<AggregateReply> {
  const { params, wanted } = aggregateParamsOf(request, collections);
  const groups = await aggregator.aggregate(params);
  const took = (performance.now() - started) / 1000;
  if (!params.groupBy) {
    const [single] = groups;
    return { took, singleResult: { objectsCount: single?.count ?? 0, aggregations: single ? aggregationsOf(wanted, single) : undefined } };
  }
  return {
    took,
    groupedResults: {
      groups: groups.map((group) => ({
        objectsCount: group.count,
        aggregations: aggregationsOf(wanted, group),
        ...(group.groupedBy ? { groupedBy: groupedByOf(group.groupedBy) } : {}),
      })),
    },
  };
}
