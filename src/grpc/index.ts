/** The gRPC transport: Weaviate's weaviate.v1 API and the gRPC health protocol, on GRPC_PORT. */
export { type GrpcDeps, type GrpcLogger, type RunningGrpc, startGrpcServer } from "./server.ts";
