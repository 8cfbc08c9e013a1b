/**
 * The only reader of process.env. Variables keep Weaviate's names so a docker-compose file written
 * for Weaviate carries over. Parsed once at boot into a frozen object; a bad value throws a
 * ConfigError naming the variable, and main.ts stops the start with that message.
 */
import os from "node:os";
import path from "node:path";
import { z } from "zod";

export type DistanceMetric = "cosine" | "dot" | "l2-squared" | "manhattan" | "hamming";
export const distanceMetrics: readonly DistanceMetric[] = [
  "cosine",
  "dot",
  "l2-squared",
  "manhattan",
  "hamming",
];

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataPath: string;
  readonly queryDefaultsLimit: number;
  readonly queryDefaultsLimitGraphql: number;
  readonly queryMaximumResults: number;
  /** How deep cross-references may nest in one GraphQL query. */
  readonly queryCrossReferenceDepthLimit: number;
  /** DISABLE_GRAPHQL: /v1/graphql answers 422. */
  readonly disableGraphql: boolean;
  /** Origins allowed by CORS (CORS_ALLOW_ORIGIN, comma-separated; `*` for any). */
  readonly corsAllowOrigin: readonly string[];
  readonly autoschema: {
    readonly enabled: boolean;
    readonly defaultString: "text" | "string";
    readonly defaultNumber: "number" | "int";
    readonly defaultDate: "date" | "text";
  };
  readonly defaultVectorDistance: DistanceMetric;
  readonly defaultVectorizer: string;
  readonly clusterHostname: string;
  readonly enabledModules: readonly string[];
  readonly disableTelemetry: boolean;
  /** Largest request body accepted, in bytes. */
  readonly requestBodyLimitBytes: number;
  /** How often dirty vector indexes are saved to disk, in seconds (0 = only at shutdown). */
  readonly vectorIndexSaveIntervalSeconds: number;
  readonly grpcMaxMessageSize: number;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Makes `href` in responses absolute when set (Weaviate's ORIGIN). */
  readonly origin: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`invalid configuration: ${variable}: ${message}`);
    this.name = "ConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const trueWords = new Set(["true", "on", "enabled", "1", "yes"]);
const falseWords = new Set(["false", "off", "disabled", "0", "no"]);

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const lower = raw.toLowerCase();
  if (trueWords.has(lower)) return true;
  if (falseWords.has(lower)) return false;
  throw new ConfigError(name, `expected a boolean (true/false), got '${raw}'`);
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(raw);
  if (!/^-?\d+$/.test(raw) || !parsed.success) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return parsed.data;
}

function readEnum<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const found = allowed.find((value) => value === raw);
  if (found === undefined) {
    throw new ConfigError(name, `expected one of ${allowed.join(", ")}, got '${raw}'`);
  }
  return found;
}

function readString(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  return raw === undefined || raw === "" ? fallback : raw;
}

const modulePattern = /^[a-z0-9][a-z0-9-]*$/;

function readModules(env: Env): string[] {
  const raw = env["ENABLE_MODULES"]?.trim();
  if (!raw) return [];
  const names = raw
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  for (const name of names) {
    if (!modulePattern.test(name)) {
      throw new ConfigError("ENABLE_MODULES", `'${name}' is not a module name`);
    }
  }
  return [...new Set(names)];
}

/** Parses the environment once. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = readInt(env, "PORT", 8080, 0, 65535);
  const config: Config = {
    host: readString(env, "HOST", "127.0.0.1"),
    port,
    dataPath: path.resolve(readString(env, "PERSISTENCE_DATA_PATH", "./data")),
    queryDefaultsLimit: readInt(env, "QUERY_DEFAULTS_LIMIT", 10, 1, 1_000_000_000),
    queryDefaultsLimitGraphql: readInt(env, "QUERY_DEFAULTS_LIMIT_GRAPHQL", 100, 1, 1_000_000_000),
    queryMaximumResults: readInt(env, "QUERY_MAXIMUM_RESULTS", 10000, 1, 1_000_000_000),
    queryCrossReferenceDepthLimit: readInt(env, "QUERY_CROSS_REFERENCE_DEPTH_LIMIT", 5, 1, 1000),
    disableGraphql: readBool(env, "DISABLE_GRAPHQL", false),
    corsAllowOrigin: readString(env, "CORS_ALLOW_ORIGIN", "*")
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ""),
    autoschema: {
      // Weaviate keeps auto-schema on for anything but an explicit false.
      enabled: readBool(env, "AUTOSCHEMA_ENABLED", true),
      defaultString: readEnum(env, "AUTOSCHEMA_DEFAULT_STRING", ["text", "string"], "text"),
      defaultNumber: readEnum(env, "AUTOSCHEMA_DEFAULT_NUMBER", ["number", "int"], "number"),
      defaultDate: readEnum(env, "AUTOSCHEMA_DEFAULT_DATE", ["date", "text"], "date"),
    },
    defaultVectorDistance: readEnum(
      env,
      "DEFAULT_VECTOR_DISTANCE_METRIC",
      distanceMetrics,
      "cosine",
    ),
    defaultVectorizer: readString(env, "DEFAULT_VECTORIZER_MODULE", "none"),
    clusterHostname: readString(env, "CLUSTER_HOSTNAME", os.hostname()),
    enabledModules: readModules(env),
    disableTelemetry: readBool(env, "DISABLE_TELEMETRY", false),
    requestBodyLimitBytes: readInt(
      env,
      "REQUEST_BODY_LIMIT_BYTES",
      256 * 1024 * 1024,
      1024,
      2 ** 31 - 1,
    ),
    vectorIndexSaveIntervalSeconds: readInt(
      env,
      "VECTOR_INDEX_SAVE_INTERVAL_SECONDS",
      60,
      0,
      86_400,
    ),
    grpcMaxMessageSize: readInt(env, "GRPC_MAX_MESSAGE_SIZE", 104858000, 1, 2 ** 31 - 1),
    logLevel: readEnum(
      env,
      "LOG_LEVEL",
      ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
      "info",
    ),
    origin: readString(env, "ORIGIN", "").replace(/\/+$/, ""),
  };
  return Object.freeze(config);
}
