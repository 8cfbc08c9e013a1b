/**
 * `Aggregate { <Class>(...) { meta { count } groupedBy { path value } <prop> { ... } } }`: the
 * per-class output types (one per property, by data type) and the field's resolver.
 */
import {
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  GraphQLFloat,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  type GraphQLResolveInfo,
  GraphQLString,
  Kind,
} from "graphql";
import type { AggregateGroup, AggregateParams, Collection, Property } from "../domain/index.ts";
import { isReferenceType } from "../domain/index.ts";
import { argumentTypes } from "./argument-types.ts";
import type { GraphQLContext } from "./context.ts";
import { aggregateNames } from "./names.ts";
import { parseNear, parseWhere } from "./parse-args.ts";
import { parseHybrid } from "./parse-keyword.ts";

type Args = Record<string, unknown>;

const DEFAULT_TOP_OCCURRENCES = 5;

function fieldsFor(base: string, property: Property, className: string) {
  const names = aggregateNames(className);
  const count = { count: { type: GraphQLInt }, type: { type: GraphQLString } };
  if (isReferenceType(property.dataType)) {
    return { type: { type: GraphQLString }, pointingTo: { type: new GraphQLList(GraphQLString) } };
  }
  switch (base) {
    case "text":
    case "string":
      return {
        ...count,
        topOccurrences: {
          type: new GraphQLList(
            new GraphQLObjectType({
              name: names.topOccurrences(property.name),
              fields: { value: { type: GraphQLString }, occurs: { type: GraphQLInt } },
            }),
          ),
          args: { limit: { type: GraphQLInt } },
          resolve: (source: Record<string, unknown>, args: Args) => {
            const all = (source["topOccurrences"] as unknown[] | undefined) ?? [];
            const limit = typeof args["limit"] === "number" ? args["limit"] : DEFAULT_TOP_OCCURRENCES;
            return all.slice(0, Math.max(0, limit));
          },
        },
      };
    case "int":
    case "number":
      return Object.fromEntries([
        ["count", { type: GraphQLInt }],
        ["type", { type: GraphQLString }],
        ...["minimum", "maximum", "mean", "median", "mode", "sum"].map((name) => [name, { type: GraphQLFloat }]),
      ]);
    case "boolean":
      return {
        ...count,
        totalTrue: { type: GraphQLInt },
        totalFalse: { type: GraphQLInt },
        percentageTrue: { type: GraphQLFloat },
        percentageFalse: { type: GraphQLFloat },
      };
    case "date":
      return {
        count: { type: GraphQLInt },
        ...Object.fromEntries(["minimum", "maximum", "median", "mode"].map((name) => [name, { type: GraphQLString }])),
      };
    default:
      return undefined; // geo, phone, uuid, blob, object: not aggregatable
  }
}

export function aggregateObjectType(collection: Collection): GraphQLObjectType {
  const names = aggregateNames(collection.class);
  const fields: Record<string, GraphQLFieldConfig<AggregateGroup, GraphQLContext>> = {
    meta: {
      type: new GraphQLObjectType({ name: names.meta, fields: { count: { type: GraphQLInt } } }),
      resolve: (group) => ({ count: group.count }),
    },
    groupedBy: {
      type: new GraphQLObjectType({
        name: names.groupedBy,
        fields: { path: { type: new GraphQLList(GraphQLString) }, value: { type: GraphQLString } },
      }),
      resolve: (group) => group.groupedBy ?? null,
    },
  };
  for (const property of collection.properties) {
    const type = property.dataType[0] ?? "";
    const propertyFields = fieldsFor(type.replace(/\[\]$/, ""), property, collection.class);
    if (!propertyFields) continue;
    fields[property.name] = {
      type: new GraphQLObjectType({ name: names.property(property.name), fields: propertyFields }),
      resolve: (group) => group.properties[property.name] ?? null,
    };
  }
  return new GraphQLObjectType({ name: names.object, fields });
}

/** The property fields the query selected (their aggregations are the only ones computed). */
function selectedProperties(info: GraphQLResolveInfo, collection: Collection): string[] {
  const names = new Set(collection.properties.map((property) => property.name));
  const selected = new Set<string>();
  const visit = (selections: readonly import("graphql").SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        if (names.has(selection.name.value)) selected.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet.selections);
      else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet.selections);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet?.selections ?? []);
  return [...selected];
}

export function aggregateField(
  collection: Collection,
  type: GraphQLObjectType,
): GraphQLFieldConfig<unknown, GraphQLContext, Args> {
  const argTypes = argumentTypes("AggregateObjects", collection.class);
  const args: GraphQLFieldConfigArgumentMap = {
    where: { type: argTypes.where },
    nearVector: { type: argTypes.nearVector },
    nearObject: { type: argTypes.nearObject },
    hybrid: { type: argTypes.hybrid },
    objectLimit: { type: GraphQLInt },
    groupBy: { type: new GraphQLList(GraphQLString) },
    limit: { type: GraphQLInt },
  };
  if (collection.multiTenancyConfig.enabled) args["tenant"] = { type: GraphQLString };
  return {
    type: new GraphQLList(type),
    description: collection.description,
    args,
    resolve: (_source, rawArgs, context, info) => {
      const params: AggregateParams = {
        className: collection.class,
        tenant: typeof rawArgs["tenant"] === "string" ? rawArgs["tenant"] : undefined,
        where: parseWhere(rawArgs["where"], collection, (name) => context.collection(name)),
        near: parseNear(rawArgs),
        hybrid: parseHybrid(rawArgs["hybrid"]),
        objectLimit: typeof rawArgs["objectLimit"] === "number" ? rawArgs["objectLimit"] : undefined,
        groupBy: Array.isArray(rawArgs["groupBy"]) ? (rawArgs["groupBy"] as string[]) : undefined,
        limit: typeof rawArgs["limit"] === "number" ? rawArgs["limit"] : undefined,
        // Every occurrence is kept; each topOccurrences field slices to its own limit.
        properties: selectedProperties(info, collection).map((name) => ({
          name,
          topOccurrencesLimit: Number.MAX_SAFE_INTEGER,
        })),
      };
      return context.search.aggregate(params);
    },
  };
}
