/**
 * `Get { <Class>(...) }`: the field's arguments and its resolver. The resolver reads the
 * arguments and the selection into one GetParams, makes one search call and hands plain results
 * to the class type's fields; references resolve later, level by level, through the loaders.
 */
import {
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  GraphQLInt,
  GraphQLList,
  type GraphQLObjectType,
  GraphQLString,
} from "graphql";
import { type Collection, type GetParams, normalizeUuid } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { argumentTypes } from "./argument-types.ts";
import type { GraphQLContext, ResultObject } from "./context.ts";
import { parseGroupBy, parseNear, parseSort, parseWhere, parseWindow } from "./parse-args.ts";
import { checkReferenceDepth, selectsAdditional } from "./selection.ts";

type Args = Record<string, unknown>;

function checkCursor(args: Args, after: string): string {
  const conflicting = ["where", "sort", "nearVector", "nearObject", "groupBy"].filter((name) => args[name] != null);
  if (args["offset"] != null || conflicting.length > 0) {
    throw unprocessable(
      `invalid pagination params: the cursor (after) cannot be combined with ${[
        ...(args["offset"] != null ? ["offset"] : []),
        ...conflicting,
      ].join(", ")}`,
    );
  }
  if (args["limit"] == null) throw unprocessable("invalid pagination params: the cursor (after) requires a limit");
  const id = normalizeUuid(after);
  if (!id) throw unprocessable(`invalid pagination params: after '${after}' is not a valid uuid`);
  return id;
}

export function getParams(
  collection: Collection,
  args: Args,
  context: GraphQLContext,
  wantsCertainty: boolean,
): GetParams {
  const lookup = (name: string) => context.collection(name);
  const window = parseWindow(args, context.limits);
  const after = typeof args["after"] === "string" ? checkCursor(args, args["after"]) : undefined;
  const groupBy = parseGroupBy(args["groupBy"]);
  const near = parseNear(args);
  if (groupBy && !near) throw unprocessable("groupBy needs a vector search: add nearVector or nearObject");
  return {
    className: collection.class,
    tenant: typeof args["tenant"] === "string" ? args["tenant"] : undefined,
    where: parseWhere(args["where"], collection, lookup),
    near,
    ...window,
    after,
    sort: parseSort(args["sort"]),
    autocut: typeof args["autocut"] === "number" ? args["autocut"] : undefined,
    groupBy,
    wantsCertainty,
  };
}

export function getField(
  collection: Collection,
  type: GraphQLObjectType,
): GraphQLFieldConfig<unknown, GraphQLContext, Args> {
  const argTypes = argumentTypes("GetObjects", collection.class);
  const args: GraphQLFieldConfigArgumentMap = {
    where: { type: argTypes.where },
    nearVector: { type: argTypes.nearVector },
    nearObject: { type: argTypes.nearObject },
    limit: { type: GraphQLInt },
    offset: { type: GraphQLInt },
    autocut: { type: GraphQLInt },
    sort: { type: new GraphQLList(argTypes.sort) },
    after: { type: GraphQLString },
    groupBy: { type: argTypes.groupBy },
  };
  // Only multi-tenant classes take a tenant: elsewhere graphql-js rejects it as an unknown argument.
  if (collection.multiTenancyConfig.enabled) args["tenant"] = { type: GraphQLString };
  return {
    type: new GraphQLList(type),
    description: collection.description,
    args,
    resolve: async (_source, rawArgs, context, info): Promise<ResultObject[]> => {
      checkReferenceDepth(info, collection, (name) => context.collection(name), context.limits.crossReferenceDepth);
      const params = getParams(collection, rawArgs, context, selectsAdditional(info, "certainty"));
      const hits = await context.search.get(params);
      return hits.map((hit) => ({ hit, collection, tenant: params.tenant }));
    },
  };
}
