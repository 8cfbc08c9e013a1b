/**
 * The cursor (`after`) lists in uuid order and combines with nothing but `limit`; `after: ""`
 * starts at the first object. Checks and messages in Weaviate's order, for every transport.
 */
import { type GetParams, normalizeUuid } from "../domain/index.ts";
import { unprocessable } from "../errors/index.ts";

const CURSOR_ERROR = "cursor api: invalid 'after' parameter: ";

/** The normalized `after` id ("" for the start); `limitGiven` false when the request set no limit. */
export function checkCursor(
  params: Pick<GetParams, "near" | "groupBy" | "offset" | "where" | "sort" | "keyword" | "hybrid"> & { after: string },
  limitGiven = true,
): string {
  if (params.near || params.groupBy || params.keyword || params.hybrid) {
    throw unprocessable(`${CURSOR_ERROR}other params cannot be set with after and limit parameters`);
  }
  const conflicting = [
    ...(params.offset > 0 ? ["offset"] : []),
    ...(params.where ? ["where"] : []),
    ...(params.sort ? ["sort"] : []),
  ];
  if (conflicting.length > 0) {
    throw unprocessable(`${CURSOR_ERROR}${conflicting.join(",")} cannot be set with after and limit parameters`);
  }
  const id = params.after === "" ? "" : normalizeUuid(params.after);
  if (id === undefined) throw unprocessable(`${CURSOR_ERROR}after parameter '${params.after}' is not a valid uuid`);
  if (!limitGiven) throw unprocessable(`${CURSOR_ERROR}limit parameter must be set`);
  return id;
}
