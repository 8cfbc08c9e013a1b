/** A raw gRPC client of the server under test, on the project's own codecs (test/integration). */
import { createChannel, createClient, Metadata } from "nice-grpc";
import { type HealthClient, HealthDefinition } from "../../src/grpc/generated/grpc/health/v1/health.ts";
import { type WeaviateClient, WeaviateDefinition } from "../../src/grpc/generated/v1/weaviate.ts";

export interface GrpcClients {
  weaviate: WeaviateClient;
  health: HealthClient;
  close(): void;
}

/** Clients of the server's gRPC port; with an API key, every call carries it. */
export function grpcClients(port: number, options: { apiKey?: string; maxMessageBytes?: number } = {}): GrpcClients {
  const channel = createChannel(`127.0.0.1:${port}`, undefined, {
    ...(options.maxMessageBytes ? { "grpc.max_send_message_length": options.maxMessageBytes } : {}),
  });
  const defaultCallOptions = options.apiKey
    ? { "*": { metadata: Metadata({ authorization: `Bearer ${options.apiKey}` }) } }
    : {};
  return {
    weaviate: createClient(WeaviateDefinition, channel, defaultCallOptions),
    health: createClient(HealthDefinition, channel),
    close: () => channel.close(),
  };
}
