/**
 * GraphQL errors, rendered in one place: an AppError thrown by a use case keeps its message (and
 * graphql-js adds the path and location), so clients see what went wrong instead of Yoga's
 * "Unexpected error.", and its code goes in `extensions.code` (the same code REST maps to a
 * status); anything else is logged as a bug and passed on with its message, code INTERNAL.
 */
import { GraphQLError } from "graphql";
import { isAppError } from "../errors/index.ts";

export interface ErrorLogger {
  error(object: Record<string, unknown>, message: string): void;
}

export function renderError(error: unknown, logger: ErrorLogger): GraphQLError {
  const graphqlError = error instanceof GraphQLError ? error : undefined;
  const original = graphqlError?.originalError ?? error;
  if (graphqlError && (!original || original === graphqlError || original instanceof GraphQLError)) {
    return graphqlError;
  }
  if (!isAppError(original)) logger.error({ err: original }, "graphql resolver failed");
  const message = original instanceof Error ? original.message : String(original);
  return new GraphQLError(message, {
    nodes: graphqlError?.nodes,
    source: graphqlError?.source,
    positions: graphqlError?.positions,
    path: graphqlError?.path,
    originalError: original instanceof Error ? original : undefined,
    extensions: { code: isAppError(original) ? original.code : "INTERNAL" },
  });
}
