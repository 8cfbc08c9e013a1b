/**
 * Search: the request becomes GetParams and a selection (search-request.ts), the search use
 * case runs it as it runs GraphQL's Get, and the hits become a SearchReply (search-reply.ts).
 */
import type { GetParams, SearchHit } from "../domain/index.ts";
import type { ReferenceResolver } from "../search/index.ts";
import type { CollectionLookup } from "./filters.ts";
import type { SearchReply, SearchRequest } from "./generated/v1/search_get.ts";
import { searchReplyOf } from "./search-reply.ts";
import { type SearchLimits, searchParamsOf } from "./search-request.ts";

/** What Search needs from the search use case. */
export interface Searcher {
  get(params: GetParams): Promise<SearchHit[]>;
  referenceResolver(): ReferenceResolver;
}

export async function search(
  searcher: Searcher,
  collections: CollectionLookup,
  limits: SearchLimits,
  request: SearchRequest,
  started: number,
): Promise<SearchReply> {
  const { params, selection } = searchParamsOf(request, collections, limits);
  const hits = await searcher.get(params);
  return searchReplyOf(hits, selection, params.tenant, searcher.referenceResolver(), {
    grouped: params.groupBy !== undefined,
    started,
  });
}
