/**
 * The official npm client weaviate-client (v3, the "collections" client), which talks gRPC for
 * queries, batches, aggregations and tenant listings, connected with its start-up checks (the
 * gRPC health check and the version gate) to a server under test.
 */
import weaviate, { type WeaviateClient } from "weaviate-client";
import type { TestServer } from "./server.ts";

export { weaviate };
export type { WeaviateClient };

export function connectV3(server: TestServer, options: { apiKey?: string } = {}): Promise<WeaviateClient> {
  return weaviate.connectToLocal({
    host: "127.0.0.1",
    port: Number(new URL(server.url).port),
    grpcPort: server.app.grpcPort,
    ...(options.apiKey ? { authCredentials: new weaviate.ApiKey(options.apiKey) } : {}),
  });
}
