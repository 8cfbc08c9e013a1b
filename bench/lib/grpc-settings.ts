/** bench:grpc's command-line options: bench:query's (less the reference query), plus the gRPC port of a running server. */
import { parseArgs } from "node:util";
import { positiveInteger, QUERY_OPTIONS, type QuerySettings, querySettingsFrom } from "./query-settings.ts";

export interface GrpcSettings extends QuerySettings {
  /** With `url`: the running server's gRPC port. */
  grpcPort: number | undefined;
}

const { "ref-queries": _refQueries, ...options } = QUERY_OPTIONS;

/** Reads the options from the command line; exits with status 2 on a malformed number. */
export function parseGrpcSettings(): GrpcSettings {
  const { values } = parseArgs({
    options: {
      ...options,
      // With --url: the server's gRPC port (a started server logs its own).
      "grpc-port": { type: "string", default: "50051" },
    },
  });
  const settings = querySettingsFrom(values);
  return { ...settings, grpcPort: settings.url === undefined ? undefined : positiveInteger("grpc-port", values["grpc-port"]) };
}
