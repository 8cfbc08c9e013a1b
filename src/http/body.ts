/**
 * JSON body parsing. Weaviate clients send `Content-Type: application/json` even on bodiless
 * DELETEs, and curl users often forget the header, so: an empty body is no body, and any
 * content type is read as JSON.
 */
import type { FastifyInstance } from "fastify";
import { badRequest } from "../errors/index.ts";

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`invalid JSON in request body: ${(error as Error).message}`);
  }
}

export function registerJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, parseJson(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
