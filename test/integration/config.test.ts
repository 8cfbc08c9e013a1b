/**
 * Configuration from Weaviate's environment variable names (reference §8): defaults, accepted
 * spellings, and a bad value stopping the start with the variable's name, both from loadConfig
 * and from the real entry point run as a process.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { ConfigError, loadConfig } from "../../src/config/index.ts";
import { tempDir } from "../helpers/server.ts";

/** Asserts loadConfig(env) throws a ConfigError for `variable` whose message names it. */
function assertRejects(env: Record<string, string>, variable: string): void {
  assert.throws(
    () => loadConfig(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.variable, variable);
      assert.ok(error.message.includes(variable), error.message);
      return true;
    },
  );
}

describe("loadConfig", () => {
  test("an empty environment gives Weaviate's defaults, frozen", () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.dataPath, path.resolve("./data"));
    assert.equal(config.queryDefaultsLimit, 10);
    assert.equal(config.queryDefaultsLimitGraphql, 100);
    assert.equal(config.queryMaximumResults, 10000);
    assert.deepEqual(config.autoschema, {
      enabled: true,
      defaultString: "text",
      defaultNumber: "number",
      defaultDate: "date",
    });
    assert.equal(config.defaultVectorDistance, "cosine");
    assert.equal(config.defaultVectorizer, "none");
    assert.deepEqual(config.enabledModules, []);
    assert.equal(config.grpcMaxMessageSize, 104_858_000);
    assert.equal(config.grpcPort, 50051);
    assert.ok(Object.isFrozen(config));
  });

  test("values are read from Weaviate's variable names, trimmed", () => {
    const config = loadConfig({
      PORT: " 9090 ",
      PERSISTENCE_DATA_PATH: "/var/lib/weaviate",
      QUERY_DEFAULTS_LIMIT: "25",
      QUERY_MAXIMUM_RESULTS: "500",
      AUTOSCHEMA_ENABLED: "false",
      AUTOSCHEMA_DEFAULT_NUMBER: "int",
      DEFAULT_VECTOR_DISTANCE_METRIC: "l2-squared",
      ENABLE_MODULES: "backup-filesystem, backup-s3,backup-filesystem",
      BACKUP_FILESYSTEM_PATH: "/var/backups",
      BACKUP_S3_BUCKET: "weaviate-backups",
      ORIGIN: "https://example.com/",
    });
    assert.equal(config.port, 9090);
    assert.equal(config.dataPath, "/var/lib/weaviate");
    assert.equal(config.queryDefaultsLimit, 25);
    assert.equal(config.queryMaximumResults, 500);
    assert.equal(config.autoschema.enabled, false);
    assert.equal(config.autoschema.defaultNumber, "int");
    assert.equal(config.defaultVectorDistance, "l2-squared");
    assert.deepEqual(config.enabledModules, ["backup-filesystem", "backup-s3"]);
    assert.equal(config.origin, "https://example.com");
  });

  test("booleans accept Weaviate's spellings in any case; empty means unset", () => {
    for (const word of ["true", "TRUE", "on", "enabled", "1"]) {
      assert.equal(loadConfig({ AUTOSCHEMA_ENABLED: word }).autoschema.enabled, true, word);
    }
    for (const word of ["false", "False", "off", "disabled", "0"]) {
      assert.equal(loadConfig({ AUTOSCHEMA_ENABLED: word }).autoschema.enabled, false, word);
    }
    assert.equal(loadConfig({ AUTOSCHEMA_ENABLED: "" }).autoschema.enabled, true);
  });

  test("backup backends are off unless their module is enabled", () => {
    const config = loadConfig({ BACKUP_FILESYSTEM_PATH: "/b", BACKUP_S3_BUCKET: "x" });
    assert.deepEqual(config.backup, { filesystem: undefined, s3: undefined });
    assert.ok(Object.isFrozen(config.backup));
  });

  test("backup-filesystem and backup-s3 read Weaviate's variables, with defaults", () => {
    const config = loadConfig({
      ENABLE_MODULES: "backup-filesystem,backup-s3",
      BACKUP_FILESYSTEM_PATH: "/var/backups/",
      BACKUP_S3_BUCKET: "weaviate-backups",
    });
    assert.deepEqual(config.backup.filesystem, { path: "/var/backups" });
    assert.deepEqual(config.backup.s3, {
      bucket: "weaviate-backups",
      path: "",
      endpoint: undefined,
      useSsl: true,
      region: "us-east-1",
      credentials: undefined,
      autoCreate: false,
    });
  });

  test("backup-s3 takes endpoint, TLS, prefix, region and auto-create as set", () => {
    const s3 = loadConfig({
      ENABLE_MODULES: "backup-s3",
      BACKUP_S3_BUCKET: "b",
      BACKUP_S3_PATH: "/team/backups/",
      BACKUP_S3_ENDPOINT: "minio:9000",
      BACKUP_S3_USE_SSL: "false",
      AWS_DEFAULT_REGION: "eu-west-1",
      BACKUP_S3_BUCKET_AUTO_CREATE: "true",
    }).backup.s3;
    assert.equal(s3?.path, "team/backups");
    assert.equal(s3?.endpoint, "minio:9000");
    assert.equal(s3?.useSsl, false);
    assert.equal(s3?.region, "eu-west-1");
    assert.equal(s3?.autoCreate, true);
    const region = (env: Record<string, string>) =>
      loadConfig({ ENABLE_MODULES: "backup-s3", BACKUP_S3_BUCKET: "b", ...env }).backup.s3?.region;
    assert.equal(region({ AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "eu-west-1" }), "us-west-2");
    // As Weaviate: anything but the literal "false" keeps TLS on.
    for (const value of ["0", "no", "FALSE", "true"]) {
      const useSsl = loadConfig({
        ENABLE_MODULES: "backup-s3",
        BACKUP_S3_BUCKET: "b",
        BACKUP_S3_USE_SSL: value,
      }).backup.s3?.useSsl;
      assert.equal(useSsl, true, value);
    }
  });

  test("S3 credentials: BACKUP_S3_* first, then AWS_* and their aliases", () => {
    const credentials = (env: Record<string, string>) =>
      loadConfig({ ENABLE_MODULES: "backup-s3", BACKUP_S3_BUCKET: "b", ...env }).backup.s3
        ?.credentials;
    assert.deepEqual(
      credentials({
        BACKUP_S3_ACCESS_KEY_ID: "minio",
        BACKUP_S3_SECRET_ACCESS_KEY: "minio123",
        AWS_ACCESS_KEY_ID: "aws",
        AWS_SECRET_ACCESS_KEY: "aws-secret",
      }),
      { accessKeyId: "minio", secretAccessKey: "minio123", sessionToken: undefined },
    );
    assert.deepEqual(
      credentials({ AWS_ACCESS_KEY_ID: "aws", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t" }),
      { accessKeyId: "aws", secretAccessKey: "s", sessionToken: "t" },
    );
    assert.deepEqual(credentials({ AWS_ACCESS_KEY: "old", AWS_SECRET_KEY: "style" }), {
      accessKeyId: "old",
      secretAccessKey: "style",
      sessionToken: undefined,
    });
    assert.equal(credentials({}), undefined);
  });

  const badBackup: Array<[Record<string, string>, string]> = [
    [{ ENABLE_MODULES: "backup-filesystem" }, "BACKUP_FILESYSTEM_PATH"],
    [{ ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: "rel/dir" }, "BACKUP_FILESYSTEM_PATH"],
    [{ ENABLE_MODULES: "backup-s3" }, "BACKUP_S3_BUCKET"],
    [{ ENABLE_MODULES: "backup-s3", BACKUP_S3_BUCKET: "b", BACKUP_S3_ENDPOINT: "http://minio:9000" }, "BACKUP_S3_ENDPOINT"],
    [{ ENABLE_MODULES: "backup-s3", BACKUP_S3_BUCKET: "b", BACKUP_S3_BUCKET_AUTO_CREATE: "perhaps" }, "BACKUP_S3_BUCKET_AUTO_CREATE"],
    [{ ENABLE_MODULES: "backup-s3", BACKUP_S3_BUCKET: "b", BACKUP_S3_ACCESS_KEY_ID: "k" }, "BACKUP_S3_SECRET_ACCESS_KEY"],
    [{ ENABLE_MODULES: "backup-s3", BACKUP_S3_BUCKET: "b", AWS_SECRET_ACCESS_KEY: "s" }, "AWS_ACCESS_KEY_ID"],
  ];
  for (const [env, variable] of badBackup) {
    test(`backup config ${JSON.stringify(env)} is a ConfigError naming ${variable}`, () => {
      assertRejects(env, variable);
    });
  }

  const bad: Array<[string, string]> = [
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "80.5"],
    ["QUERY_MAXIMUM_RESULTS", "-1"],
    ["QUERY_MAXIMUM_RESULTS", "0"],
    ["QUERY_DEFAULTS_LIMIT", "ten"],
    ["AUTOSCHEMA_ENABLED", "maybe"],
    ["DISABLE_TELEMETRY", "sometimes"],
    ["DEFAULT_VECTOR_DISTANCE_METRIC", "foo"],
    ["AUTOSCHEMA_DEFAULT_NUMBER", "float"],
    ["REQUEST_BODY_LIMIT_BYTES", "10"],
    ["GRPC_MAX_MESSAGE_SIZE", "big"],
    ["GRPC_PORT", "http"],
    ["GRPC_PORT", "70000"],
    ["LOG_LEVEL", "loud"],
    ["ENABLE_MODULES", "Backup S3"],
  ];
  for (const [variable, value] of bad) {
    test(`${variable}=${value} is a ConfigError naming ${variable}`, () => {
      assertRejects({ [variable]: value }, variable);
    });
  }
});

/** Runs the entry point with `env` added and collects its exit code and stderr. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const root = path.resolve(import.meta.dirname, "../..");
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", GRPC_PORT: "0", LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    // A process that started despite the bad value would never exit on its own.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`src/main.ts did not exit:\n${stderr}`));
    }, 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("src/main.ts with a bad variable", () => {
  for (const [variable, value] of [
    ["PORT", "abc"],
    ["DEFAULT_VECTOR_DISTANCE_METRIC", "foo"],
  ] as const) {
    test(`${variable}=${value}: exits non-zero, stderr names ${variable}`, async () => {
      const dir = await tempDir();
      try {
        const { code, stderr } = await runMain({ PERSISTENCE_DATA_PATH: dir, [variable]: value });
        assert.notEqual(code, 0);
        assert.notEqual(code, null);
        assert.ok(stderr.includes(variable), stderr);
        assert.ok(stderr.includes(value), stderr);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("authentication, authorization, monitoring and GraphQL limits", () => {
  test("API keys map to users positionally, or all to one user; anonymous access follows", () => {
    const none = loadConfig({});
    assert.equal(none.auth.anonymousAccess, true, "no auth method: anonymous allowed");
    assert.equal(none.auth.apiKeys.size, 0);
    assert.equal(none.auth.adminList, undefined);
    const keyed = loadConfig({
      AUTHENTICATION_APIKEY_ENABLED: "true",
      AUTHENTICATION_APIKEY_ALLOWED_KEYS: "k1, k2",
      AUTHENTICATION_APIKEY_USERS: "ann,bob",
    });
    assert.deepEqual([...keyed.auth.apiKeys], [["k1", "ann"], ["k2", "bob"]]);
    assert.equal(keyed.auth.anonymousAccess, false, "keys configured: anonymous off unless asked");
    const single = loadConfig({
      AUTHENTICATION_APIKEY_ENABLED: "true",
      AUTHENTICATION_APIKEY_ALLOWED_KEYS: "k1,k2",
      AUTHENTICATION_APIKEY_USERS: "ops",
      AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "true",
    });
    assert.deepEqual([...single.auth.apiKeys.values()], ["ops", "ops"]);
    assert.equal(single.auth.anonymousAccess, true);
  });

  test("bad auth settings name their variable", () => {
    const bad = (env: Record<string, string>, variable: string) =>
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && error.message.includes(variable));
    bad({ AUTHENTICATION_APIKEY_ENABLED: "true" }, "AUTHENTICATION_APIKEY_ALLOWED_KEYS");
    bad({ AUTHENTICATION_APIKEY_ENABLED: "true", AUTHENTICATION_APIKEY_ALLOWED_KEYS: "a,a", AUTHENTICATION_APIKEY_USERS: "x" }, "AUTHENTICATION_APIKEY_ALLOWED_KEYS");
    bad({ AUTHENTICATION_APIKEY_ENABLED: "true", AUTHENTICATION_APIKEY_ALLOWED_KEYS: "a,b,c", AUTHENTICATION_APIKEY_USERS: "x,y" }, "AUTHENTICATION_APIKEY_USERS");
    bad(
      { AUTHORIZATION_ADMINLIST_ENABLED: "true", AUTHORIZATION_ADMINLIST_USERS: "ann", AUTHORIZATION_ADMINLIST_READONLY_USERS: "bob,ann" },
      "AUTHORIZATION_ADMINLIST_READONLY_USERS",
    );
  });

  test("admin list, metrics and GraphQL limits", () => {
    const config = loadConfig({
      AUTHORIZATION_ADMINLIST_ENABLED: "true",
      AUTHORIZATION_ADMINLIST_USERS: "ann",
      AUTHORIZATION_ADMINLIST_READONLY_USERS: "bob, carol",
      PROMETHEUS_MONITORING_ENABLED: "true",
      GRAPHQL_MAX_DEPTH: "7",
    });
    assert.deepEqual([...(config.auth.adminList?.admins ?? [])], ["ann"]);
    assert.deepEqual([...(config.auth.adminList?.readOnly ?? [])], ["bob", "carol"]);
    assert.deepEqual(config.metrics, { enabled: true, port: 2112 });
    assert.deepEqual(config.graphqlLimits, { maxDepth: 7, maxAliases: 100, maxTokens: 50_000 });
  });
});
