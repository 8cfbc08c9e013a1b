/**
 * `Get { <Class>(...) }`: the field's arguments and its resolver. The resolver reads the
 * arguments and the selection into one GetParams, makes one search call and hands plain results
 * to the class type's fields; references resolve later, level by level, through the search use
 * case's reference resolver.
 */
import {
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  GraphQLInt,
  GraphQLList,
  type GraphQLObjectType,
  GraphQLString,
} from "graphql";
import type { Collection, GetParams } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";
import { checkCursor } from "../search/index.ts";
import { argumentTypes } from "./argument-types.ts";
import type { GraphQLContext, ResultObject } from "./context.ts";
import { parseGroup, parseGroupBy, parseNear, parseSort, parseWhere, parseWindow } from "./parse-args.ts";
import { parseBm25, parseHybrid } from "./parse-keyword.ts";
import { checkReferenceDepth, selectsAdditional, selectsOnlyIdentity } from "./selection.ts";

type Args = Record<string, unknown>;

export function getParams(
  collection: Collection,
  args: Args,
  context: GraphQLContext,
  wantsCertainty: boolean,
  idsOnly = false,
): GetParams {
  const lookup = (name: string) => context.collection(name);
  const window = parseWindow(args, context.limits);
  const groupBy = parseGroupBy(args["groupBy"]);
  const near = parseNear(args);
  const keyword = parseBm25(args["bm25"]);
  const hybrid = parseHybrid(args["hybrid"]);
  const where = parseWhere(args["where"], collection, lookup);
  const sort = parseSort(args["sort"]);
  // The search checks the cursor too; here first, so that a missing limit is named in turn.
  const after =
    typeof args["after"] === "string"
      ? checkCursor({ after: args["after"], near, keyword, hybrid, groupBy, offset: window.offset, where, sort }, args["limit"] != null)
      : undefined;
  if (groupBy && !near && !keyword && !hybrid) {
    throw unprocessable("groupBy needs a vector search (nearVector, nearObject, hybrid) or a bm25 search");
  }
  return {
    className: collection.class,
    tenant: typeof args["tenant"] === "string" ? args["tenant"] : undefined,
    where,
    near,
    keyword,
    hybrid,
    ...window,
    after,
    sort,
    autocut: typeof args["autocut"] === "number" ? args["autocut"] : undefined,
    groupBy,
    group: parseGroup(args["group"]),
    wantsCertainty,
    idsOnly,
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
    bm25: { type: argTypes.bm25 },
    hybrid: { type: argTypes.hybrid },
    limit: { type: GraphQLInt },
    offset: { type: GraphQLInt },
    autocut: { type: GraphQLInt },
    sort: { type: new GraphQLList(argTypes.sort) },
    after: { type: GraphQLString },
    groupBy: { type: argTypes.groupBy },
    group: { type: argTypes.group },
  };
  // Only multi-tenant classes take a tenant: elsewhere graphql-js rejects it as an unknown argument.
  if (collection.multiTenancyConfig.enabled) args["tenant"] = { type: GraphQLString };
  return {
    type: new GraphQLList(type),
    description: collection.description,
    args,
    resolve: async (_source, rawArgs, context, info): Promise<ResultObject[]> => {
      checkReferenceDepth(info, collection, (name) => context.collection(name), context.limits.crossReferenceDepth);
      const params = getParams(
        collection,
        rawArgs,
        context,
        selectsAdditional(info, "certainty"),
        selectsOnlyIdentity(info),
      );
      const hits = await context.search.get(params);
      return hits.map((hit) => ({ hit, collection, tenant: params.tenant }));
    },
  };
}
