/**
 * The official npm client weaviate-client (v3, the "collections" client), which talks gRPC for
 * queries, batches, aggregations and tenant listings, connected with its start-up checks (the
 * gRPC health check and the version gate) to a server under test.
 *
 * The devDependency (3.12, the last 3.x that runs on Node 20) is the default. CI's Node 24 leg
 * installs the latest 3.x into a directory of its own and names it in WEAVIATE_CLIENT_V3_DIR;
 * the tests then drive that one (its types are the devDependency's: the API is the same).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as installed from "weaviate-client";
import type { WeaviateClient } from "weaviate-client";
import type { TestServer } from "./server.ts";

export type { WeaviateClient };

const otherDirectory = process.env["WEAVIATE_CLIENT_V3_DIR"];
const packageDirectory = otherDirectory ? join(otherDirectory, "node_modules", "weaviate-client") : undefined;
const chosen: typeof installed = packageDirectory
  ? await import(pathToFileURL(join(packageDirectory, "dist", "node", "esm", "index.js")).href)
  : installed;

export const weaviate = chosen.default;
export const Filters = chosen.Filters;
export const Bm25Operator = chosen.Bm25Operator;
/** The version of the client the tests drive. */
export const clientVersion: string = packageDirectory
  ? JSON.parse(readFileSync(join(packageDirectory, "package.json"), "utf8")).version
  : JSON.parse(readFileSync(new URL("../../node_modules/weaviate-client/package.json", import.meta.url), "utf8")).version;

export function connectV3(server: TestServer, options: { apiKey?: string } = {}): Promise<WeaviateClient> {
  return weaviate.connectToLocal({
    host: "127.0.0.1",
    port: Number(new URL(server.url).port),
    grpcPort: server.app.grpcPort,
    ...(options.apiKey ? { authCredentials: new weaviate.ApiKey(options.apiKey) } : {}),
  });
}
