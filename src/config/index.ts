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
  /** How many candidates each side of a hybrid search fetches before fusion. */
  readonly queryHybridMaximumResults: number;
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
  /** Largest gRPC message received or sent, in bytes (also reported by /v1/meta). */
  readonly grpcMaxMessageSize: number;
  /** The gRPC listener's port (0: one the OS picks); on HOST, like the HTTP one. */
  readonly grpcPort: number;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Makes `href` in responses absolute when set (Weaviate's ORIGIN). */
  readonly origin: string;
  /** Backup backends; each is undefined unless its module is in ENABLE_MODULES. */
  readonly backup: {
    readonly filesystem: FilesystemBackupConfig | undefined;
    readonly s3: S3BackupConfig | undefined;
  };
  /** offload-s3 (reference §10): where OFFLOADED tenants go; undefined unless enabled. */
  readonly offload: S3OffloadConfig | undefined;
  readonly auth: AuthConfig;
  /** PROMETHEUS_MONITORING_ENABLED / _PORT: metrics on a port of their own. */
  readonly metrics: { readonly enabled: boolean; readonly port: number };
  /** Bounds on one GraphQL request's work (ours). */
  readonly graphqlLimits: { readonly maxDepth: number; readonly maxAliases: number; readonly maxTokens: number };
}

/** Weaviate's API-key authentication and admin-list authorization (reference §8). */
export interface AuthConfig {
  /** Requests without a key are allowed (as an anonymous user). */
  readonly anonymousAccess: boolean;
  /** API key → user name; empty when API keys are off. */
  readonly apiKeys: ReadonlyMap<string, string>;
  /** Admin list; undefined when AUTHORIZATION_ADMINLIST_ENABLED is off (everyone may do anything). */
  readonly adminList: { readonly admins: ReadonlySet<string>; readonly readOnly: ReadonlySet<string> } | undefined;
}

/** offload-s3: OFFLOAD_S3_BUCKET, OFFLOAD_S3_ENDPOINT (with scheme), auto-create, AWS credentials. */
export interface S3OffloadConfig {
  readonly bucket: string;
  /** A URL with scheme, e.g. http://minio:9000; undefined means AWS itself. */
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly credentials:
    | { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken: string | undefined }
    | undefined;
  readonly autoCreate: boolean;
}

/** backup-filesystem: BACKUP_FILESYSTEM_PATH (required, absolute). */
export interface FilesystemBackupConfig {
  readonly path: string;
}

/** backup-s3 (reference §5.1), plus BACKUP_S3_ACCESS_KEY_ID / _SECRET_ACCESS_KEY and auto-create. */
export interface S3BackupConfig {
  readonly bucket: string;
  /** Key prefix without leading or trailing slashes; "" for the bucket's root. */
  readonly path: string;
  /** host[:port] without scheme; undefined means AWS itself. */
  readonly endpoint: string | undefined;
  readonly useSsl: boolean;
  readonly region: string;
  /** Static credentials; undefined leaves them to the SDK's default chain. */
  readonly credentials:
    | { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken: string | undefined }
    | undefined;
  readonly autoCreate: boolean;
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

function readFilesystemBackup(env: Env): FilesystemBackupConfig {
  const dir = readString(env, "BACKUP_FILESYSTEM_PATH", "");
  if (dir === "") {
    throw new ConfigError("BACKUP_FILESYSTEM_PATH", "required when backup-filesystem is enabled");
  }
  if (!path.isAbsolute(dir)) {
    throw new ConfigError("BACKUP_FILESYSTEM_PATH", `expected an absolute path, got '${dir}'`);
  }
  return Object.freeze({ path: path.resolve(dir) });
}

/** Weaviate's credential variables. */
const awsKeyNames: Array<[string[], string[]]> = [
  [
    ["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"],
    ["AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"],
  ],
];

/**
 * Static credentials from the first pair of variables set (by default BACKUP_S3_*, as the seeds'
 * compose file sets them, then AWS_*); undefined leaves the SDK's chain.
 */
function readS3Credentials(
  env: Env,
  pairs: Array<[string[], string[]]> = [[["BACKUP_S3_ACCESS_KEY_ID"], ["BACKUP_S3_SECRET_ACCESS_KEY"]], ...awsKeyNames],
): S3BackupConfig["credentials"] {
  for (const [idNames, secretNames] of pairs) {
    const first = (names: string[]) => names.map((name) => readString(env, name, "")).find(Boolean);
    const accessKeyId = first(idNames);
    const secretAccessKey = first(secretNames);
    if (accessKeyId === undefined && secretAccessKey === undefined) continue;
    if (accessKeyId === undefined) throw new ConfigError(idNames[0]!, `required with ${secretNames[0]}`);
    if (secretAccessKey === undefined) {
      throw new ConfigError(secretNames[0]!, `required with ${idNames[0]}`);
    }
    const sessionToken = readString(env, "AWS_SESSION_TOKEN", "") || undefined;
    return Object.freeze({ accessKeyId, secretAccessKey, sessionToken });
  }
  return undefined;
}

function readS3Backup(env: Env): S3BackupConfig {
  const bucket = readString(env, "BACKUP_S3_BUCKET", "");
  if (bucket === "") throw new ConfigError("BACKUP_S3_BUCKET", "required when backup-s3 is enabled");
  const endpoint = readString(env, "BACKUP_S3_ENDPOINT", "");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) || endpoint.includes("/")) {
    throw new ConfigError("BACKUP_S3_ENDPOINT", `expected host[:port] without scheme, got '${endpoint}'`);
  }
  return Object.freeze({
    bucket,
    path: readString(env, "BACKUP_S3_PATH", "").replace(/^\/+|\/+$/g, ""),
    endpoint: endpoint === "" ? undefined : endpoint,
    // As Weaviate: only the literal "false" turns TLS off.
    useSsl: env["BACKUP_S3_USE_SSL"]?.trim() !== "false",
    region: readString(env, "AWS_REGION", readString(env, "AWS_DEFAULT_REGION", "us-east-1")),
    credentials: readS3Credentials(env),
    autoCreate: readBool(env, "BACKUP_S3_BUCKET_AUTO_CREATE", false),
  });
}

function readS3Offload(env: Env): S3OffloadConfig {
  const endpoint = readString(env, "OFFLOAD_S3_ENDPOINT", "");
  if (endpoint !== "" && !/^https?:\/\/[^/]+\/?$/i.test(endpoint)) {
    throw new ConfigError("OFFLOAD_S3_ENDPOINT", `expected a URL with scheme such as http://minio:9000, got '${endpoint}'`);
  }
  return Object.freeze({
    bucket: readString(env, "OFFLOAD_S3_BUCKET", "weaviate-offload"),
    endpoint: endpoint === "" ? undefined : endpoint.replace(/\/$/, ""),
    region: readString(env, "AWS_REGION", readString(env, "AWS_DEFAULT_REGION", "us-east-1")),
    credentials: readS3Credentials(env, awsKeyNames),
    autoCreate: readBool(env, "OFFLOAD_S3_BUCKET_AUTO_CREATE", false),
  });
}

function readList(env: Env, name: string): string[] {
  return readString(env, name, "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function readAuth(env: Env): AuthConfig {
  const keysEnabled = readBool(env, "AUTHENTICATION_APIKEY_ENABLED", false);
  const apiKeys = new Map<string, string>();
  if (keysEnabled) {
    const keys = readList(env, "AUTHENTICATION_APIKEY_ALLOWED_KEYS");
    const users = readList(env, "AUTHENTICATION_APIKEY_USERS");
    if (keys.length === 0) throw new ConfigError("AUTHENTICATION_APIKEY_ALLOWED_KEYS", "needs at least one key when API keys are enabled");
    if (new Set(keys).size !== keys.length) throw new ConfigError("AUTHENTICATION_APIKEY_ALLOWED_KEYS", "keys must be unique");
    if (users.length !== 1 && users.length !== keys.length) {
      throw new ConfigError("AUTHENTICATION_APIKEY_USERS", `needs one user, or one per key (${keys.length}); got ${users.length}`);
    }
    for (const [i, key] of keys.entries()) apiKeys.set(key, users.length === 1 ? users[0]! : users[i]!);
  }
  const adminListEnabled = readBool(env, "AUTHORIZATION_ADMINLIST_ENABLED", false);
  const admins = readList(env, "AUTHORIZATION_ADMINLIST_USERS");
  const readOnly = readList(env, "AUTHORIZATION_ADMINLIST_READONLY_USERS");
  const both = admins.find((user) => readOnly.includes(user));
  if (adminListEnabled && both !== undefined) {
    // As Weaviate, which refuses to start: the user's rights would be ambiguous.
    throw new ConfigError("AUTHORIZATION_ADMINLIST_READONLY_USERS", `user '${both}' is also in AUTHORIZATION_ADMINLIST_USERS`);
  }
  return Object.freeze({
    // Weaviate: anonymous access defaults to on only when no authentication method is configured.
    anonymousAccess: readBool(env, "AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED", !keysEnabled),
    apiKeys,
    adminList: adminListEnabled
      ? Object.freeze({
          admins: new Set(admins),
          readOnly: new Set(readOnly),
        })
      : undefined,
  });
}

/** Parses the environment once. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = readInt(env, "PORT", 8080, 0, 65535);
  const enabledModules = readModules(env);
  const config: Config = {
    host: readString(env, "HOST", "127.0.0.1"),
    port,
    dataPath: path.resolve(readString(env, "PERSISTENCE_DATA_PATH", "./data")),
    queryDefaultsLimit: readInt(env, "QUERY_DEFAULTS_LIMIT", 10, 1, 1_000_000_000),
    queryDefaultsLimitGraphql: readInt(env, "QUERY_DEFAULTS_LIMIT_GRAPHQL", 100, 1, 1_000_000_000),
    queryMaximumResults: readInt(env, "QUERY_MAXIMUM_RESULTS", 10000, 1, 1_000_000_000),
    queryHybridMaximumResults: readInt(env, "QUERY_HYBRID_MAXIMUM_RESULTS", 100, 1, 1_000_000_000),
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
    enabledModules,
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
    grpcPort: readInt(env, "GRPC_PORT", 50051, 0, 65535),
    logLevel: readEnum(
      env,
      "LOG_LEVEL",
      ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
      "info",
    ),
    origin: readString(env, "ORIGIN", "").replace(/\/+$/, ""),
    backup: Object.freeze({
      filesystem: enabledModules.includes("backup-filesystem")
        ? readFilesystemBackup(env)
        : undefined,
      s3: enabledModules.includes("backup-s3") ? readS3Backup(env) : undefined,
    }),
    offload: enabledModules.includes("offload-s3") ? readS3Offload(env) : undefined,
    auth: readAuth(env),
    metrics: Object.freeze({
      enabled: readBool(env, "PROMETHEUS_MONITORING_ENABLED", false),
      port: readInt(env, "PROMETHEUS_MONITORING_PORT", 2112, 0, 65535),
    }),
    graphqlLimits: Object.freeze({
      maxDepth: readInt(env, "GRAPHQL_MAX_DEPTH", 30, 1, 1000),
      maxAliases: readInt(env, "GRAPHQL_MAX_ALIASES", 100, 0, 100_000),
      maxTokens: readInt(env, "GRAPHQL_MAX_TOKENS", 50_000, 100, 10_000_000),
    }),
  };
  return Object.freeze(config);
}
