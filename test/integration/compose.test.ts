/**
 * Packaging, checked without a Docker engine: docker-compose.yaml is valid compose (when a compose
 * tool is installed), its weaviate service's environment is accepted by the server's own config
 * loader with the expected values, and names only variables the server reads; the Dockerfile has
 * the settings the README promises; its CMD and HEALTHCHECK work against a real process started
 * from the compose environment, which stops with exit code 0 on SIGTERM. The seeds' tutorial
 * compose file (embedded in its text in ../shared/seeds/) is accepted as written too: swapping
 * Weaviate's image for ours keeps the same environment working.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { after, test } from "node:test";
import { parse } from "yaml";
import { loadConfig } from "../../src/config/index.ts";
import { startChildServer, tempDir } from "../helpers/server.ts";

const root = path.resolve(import.meta.dirname, "../..");
const seedsDir = path.resolve(root, "../shared/seeds");
const composeFile = path.join(root, "docker-compose.yaml");

type Env = Record<string, string>;

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A compose `environment` (map or list of KEY=VALUE) as strings; null entries (host pass-through) are left out. */
function environmentOf(value: unknown): Env {
  const env: Env = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const [name, ...rest] = String(item).split("=");
      if (rest.length > 0) env[name!] = rest.join("=");
    }
    return env;
  }
  for (const [name, raw] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    if (raw !== null && raw !== undefined) env[name] = String(raw);
  }
  return env;
}

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: unknown;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown };
  command?: unknown;
}

async function readCompose(): Promise<{ services: Record<string, ComposeService>; volumes: Record<string, unknown> }> {
  return parse(await readFile(composeFile, "utf8"));
}

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
async function readDockerfile(): Promise<Instruction[]> {
  const text = await readFile(path.join(root, "Dockerfile"), "utf8");
  const joined = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

/** The instructions of the last (runtime) stage. */
function runtimeStage(instructions: Instruction[]): Instruction[] {
  const from = instructions.map((i) => i.keyword).lastIndexOf("FROM");
  return instructions.slice(from);
}

/** ENV KEY=VALUE pairs of the given instructions (values here have no spaces or quotes). */
function envOf(instructions: Instruction[]): Env {
  const env: Env = {};
  for (const { keyword, args } of instructions) {
    if (keyword !== "ENV") continue;
    for (const pair of args.split(/\s+/)) {
      const at = pair.indexOf("=");
      assert.ok(at > 0, `ENV ${args}: expected KEY=VALUE pairs`);
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
}

/** An exec-form (JSON array) instruction's argv. */
function execForm(instructions: Instruction[], keyword: string): string[] {
  const found = instructions.filter((i) => i.keyword === keyword).at(-1);
  assert.ok(found, `the Dockerfile has no ${keyword}`);
  const json = keyword === "HEALTHCHECK" ? found.args.slice(found.args.indexOf("CMD") + 3).trim() : found.args;
  const argv = JSON.parse(json) as unknown;
  assert.ok(Array.isArray(argv) && argv.every((a) => typeof a === "string"), `${keyword} is not in exec form`);
  return argv as string[];
}

/** Every source file of src/config, as text: a variable the server reads is named there in quotes. */
async function configSource(): Promise<string> {
  const dir = path.join(root, "src/config");
  const files = (await readdir(dir)).filter((name) => name.endsWith(".ts"));
  const texts = await Promise.all(files.map((name) => readFile(path.join(dir, name), "utf8")));
  return texts.join("\n");
}

/** Variables the image sets for something other than the server's config. */
const notServerConfig: Record<string, string> = {
  MALLOC_MMAP_THRESHOLD_: "glibc's malloc (hands closed HNSW indexes' memory back)",
  NODE_ENV: "libraries' production mode",
};

function assertReadByServer(names: string[], source: string, where: string): void {
  const unknown = names.filter((name) => !(name in notServerConfig) && !source.includes(`"${name}"`));
  assert.deepEqual(unknown, [], `${where} sets variables src/config never reads`);
}

/** `docker-compose` or `docker compose`, whichever answers; undefined with neither. */
function composeTool(): string[] | undefined {
  for (const argv of [["docker-compose"], ["docker", "compose"]]) {
    const run = spawnSync(argv[0]!, [...argv.slice(1), "version"], { encoding: "utf8", timeout: 30_000 });
    if (run.status === 0) return argv;
  }
  return undefined;
}

const tool = composeTool();

test(
  "docker-compose config -q accepts docker-compose.yaml",
  { skip: tool ? false : "neither docker-compose nor `docker compose` is installed (apt-get install docker-compose)" },
  () => {
    const [command, ...prefix] = tool!;
    const run = spawnSync(command!, [...prefix, "-f", composeFile, "config", "-q"], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(run.status, 0, `${tool!.join(" ")} config -q failed:\n${run.stdout}${run.stderr}`);
  },
);

test("compose: weaviate is built here, starts after MinIO is healthy and the bucket exists", async () => {
  const { services, volumes } = await readCompose();
  const weaviate = services["weaviate"]!;
  assert.equal(weaviate.build, ".");
  assert.equal(weaviate.image, "weaviate-graphql-ts");
  assert.ok(weaviate.ports?.includes("8080:8080"));
  assert.ok(weaviate.ports?.includes("50051:50051"), "gRPC is published for the v3 / v4 clients");
  assert.deepEqual(weaviate.depends_on, {
    minio: { condition: "service_healthy" },
    createbuckets: { condition: "service_completed_successfully" },
  });
  assert.ok(weaviate.volumes?.includes("weaviate-data:/var/lib/weaviate"));
  assert.ok(services["minio"]?.healthcheck?.test, "minio has a healthcheck");
  assert.ok(services["minio"]?.ports?.includes("9001:9001"), "MinIO's console is published");
  const mc = services["createbuckets"]!;
  assert.deepEqual(mc.depends_on, { minio: { condition: "service_healthy" } });
  assert.match(String(mc.command), /mc mb --ignore-existing local\/weaviate-backups/);
  assert.deepEqual(Object.keys(volumes).sort(), ["minio-data", "weaviate-data"]);
});

test("compose: the weaviate environment (over the image's ENV) is accepted with the expected values", async () => {
  const { services } = await readCompose();
  const env = { ...envOf(runtimeStage(await readDockerfile())), ...environmentOf(services["weaviate"]!.environment) };
  const config = loadConfig(env);
  assert.equal(config.host, "0.0.0.0");
  assert.equal(config.port, 8080);
  assert.equal(config.grpcPort, 50051);
  assert.equal(config.dataPath, "/var/lib/weaviate");
  assert.equal(config.clusterHostname, "node1");
  assert.equal(config.queryDefaultsLimit, 25);
  assert.equal(config.defaultVectorizer, "none");
  assert.deepEqual(config.enabledModules, ["backup-s3", "offload-s3"]);
  assert.equal(config.auth.anonymousAccess, true);
  assert.equal(config.backup.filesystem, undefined);
  const s3 = config.backup.s3;
  assert.ok(s3, "backup-s3 is configured");
  assert.deepEqual(
    { bucket: s3.bucket, path: s3.path, endpoint: s3.endpoint, useSsl: s3.useSsl, credentials: s3.credentials },
    {
      bucket: "weaviate-backups",
      path: "",
      endpoint: "minio:9000",
      useSsl: false,
      credentials: { accessKeyId: "minioadmin", secretAccessKey: "minioadmin", sessionToken: undefined },
    },
  );
  const offload = config.offload;
  assert.ok(offload, "offload-s3 is configured");
  assert.deepEqual(
    { bucket: offload.bucket, endpoint: offload.endpoint, autoCreate: offload.autoCreate, credentials: offload.credentials },
    {
      bucket: "weaviate-offload",
      endpoint: "http://minio:9000",
      autoCreate: true,
      credentials: { accessKeyId: "minioadmin", secretAccessKey: "minioadmin", sessionToken: undefined },
    },
  );
});

test("compose and Dockerfile name only variables the server reads", async () => {
  const { services } = await readCompose();
  const source = await configSource();
  assertReadByServer(Object.keys(environmentOf(services["weaviate"]!.environment)), source, "docker-compose.yaml");
  assertReadByServer(Object.keys(envOf(runtimeStage(await readDockerfile()))), source, "the Dockerfile");
});

test("Dockerfile: multi-stage on Node 24, non-root, data volume, ports, health check, exec-form CMD", async () => {
  const instructions = await readDockerfile();
  const froms = instructions.filter((i) => i.keyword === "FROM").map((i) => i.args);
  assert.ok(froms.length >= 2, "a build stage and a runtime stage");
  for (const from of froms) assert.match(from, /^node:24[-.\w]*( AS \w+)?$/i);
  assert.ok(
    instructions.some((i) => i.keyword === "RUN" && /\bnpm ci\b/.test(i.args)),
    "dependencies come from package-lock.json (npm ci)",
  );
  const runtime = runtimeStage(instructions);
  const user = runtime.filter((i) => i.keyword === "USER").at(-1)?.args;
  assert.ok(user && !/^(root|0)(:|$)/.test(user), `runs as a non-root user, got USER ${user}`);
  const env = envOf(runtime);
  const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
    engines: { node: string };
  };
  assert.deepEqual(
    { HOST: env["HOST"], PORT: env["PORT"], PERSISTENCE_DATA_PATH: env["PERSISTENCE_DATA_PATH"] },
    { HOST: "0.0.0.0", PORT: "8080", PERSISTENCE_DATA_PATH: "/var/lib/weaviate" },
  );
  // The same malloc setting as `npm start`.
  const startThreshold = /MALLOC_MMAP_THRESHOLD_=(\d+)/.exec(pkg.scripts["start"] ?? "")?.[1];
  assert.ok(startThreshold, "npm start sets MALLOC_MMAP_THRESHOLD_");
  assert.equal(env["MALLOC_MMAP_THRESHOLD_"], startThreshold);
  assert.ok(runtime.some((i) => i.keyword === "VOLUME" && i.args === env["PERSISTENCE_DATA_PATH"]));
  const exposed = runtime.filter((i) => i.keyword === "EXPOSE").flatMap((i) => i.args.split(/\s+/));
  assert.ok(["8080", "50051", "2112"].every((port) => exposed.includes(port)), `EXPOSE ${exposed.join(" ")}`);
  assert.match(execForm(runtime, "HEALTHCHECK").join(" "), /\/v1\/\.well-known\/ready/);
  assert.deepEqual(execForm(runtime, "CMD"), ["node", "--import", "tsx", "src/main.ts"]);
  assert.equal(pkg.engines.node, ">=20");
  const ignored = (await readFile(path.join(root, ".dockerignore"), "utf8")).split("\n").map((l) => l.trim());
  for (const name of ["node_modules", "data", ".tmp", ".git"]) assert.ok(ignored.includes(name), `.dockerignore: ${name}`);
});

/** Runs the Dockerfile's HEALTHCHECK command (with this test's node) against a port. */
function healthCheck(argv: string[], port: string): number | null {
  const [command, ...args] = argv;
  assert.equal(command, "node");
  const run = spawnSync(process.execPath, args, { env: { ...process.env, PORT: port }, timeout: 30_000 });
  return run.status;
}

test("the image's CMD and HEALTHCHECK: started from the compose environment, ready, SIGTERM exits 0", async () => {
  const { services } = await readCompose();
  const runtime = runtimeStage(await readDockerfile());
  const dataPath = await tempDir("wv-compose-");
  dirs.push(dataPath);
  // As in the container, but on loopback, a free port and a temp dir. Nothing contacts MinIO
  // until a backup or an offload is asked for, so the unreachable endpoint is fine here.
  const server = await startChildServer({
    ...envOf(runtime),
    ...environmentOf(services["weaviate"]!.environment),
    HOST: "127.0.0.1",
    PORT: "0",
    PERSISTENCE_DATA_PATH: dataPath,
  });
  const port = new URL(server.url).port;
  try {
    const health = execForm(runtime, "HEALTHCHECK");
    assert.equal(healthCheck(health, port), 0, "healthy once ready");
    // The seeds' tutorial checks /v1/meta for the backup-s3 module.
    const meta = (await (await fetch(`${server.url}/v1/meta`)).json()) as { modules: Record<string, unknown> };
    assert.deepEqual(meta.modules["backup-s3"], { bucketName: "weaviate-backups", endpoint: "minio:9000", useSSL: false });
    assert.deepEqual(meta.modules["offload-s3"], { bucketName: "weaviate-offload", endpoint: "http://minio:9000" });
    server.child.kill("SIGTERM");
    const exit = await server.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, server.output());
    assert.equal(healthCheck(health, port), 1, "unhealthy once stopped");
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
  }
});

/** The seeds' tutorial text that carries the compose file (its YAML lost its indentation there). */
async function seedCompose(): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(seedsDir);
  } catch {
    return undefined;
  }
  for (const name of names.sort()) {
    const text = await readFile(path.join(seedsDir, name), "utf8");
    if (text.includes("services:") && text.includes("BACKUP_S3_BUCKET")) return text;
  }
  return undefined;
}

/** The lines after `key:` that look like `NAME: value` (environment) or `- item` (ports, volumes). */
function blockAfter(lines: string[], from: number, key: string, item: RegExp): string[] {
  const at = lines.findIndex((line, i) => i > from && line.trim() === `${key}:`);
  assert.ok(at > 0, `the seeds' compose file has no ${key}`);
  const block: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (!item.test(line.trim())) break;
    block.push(line.trim());
  }
  return block;
}

const seedText = await seedCompose();

test(
  "the seeds' compose environment is accepted as written (over the image's ENV)",
  { skip: seedText ? false : `no seeds' compose file found in ${seedsDir}` },
  async () => {
    const lines = seedText!.split("\n");
    const services = lines.findIndex((line) => line.trim() === "services:");
    const seedEnv = environmentOf(parse(blockAfter(lines, services, "environment", /^[A-Z][A-Z0-9_]*:\s/).join("\n")));
    assert.ok(Object.keys(seedEnv).length >= 8, `extracted ${JSON.stringify(seedEnv)}`);
    assertReadByServer(Object.keys(seedEnv), await configSource(), "the seeds' compose file");

    const runtime = runtimeStage(await readDockerfile());
    const config = loadConfig({ ...envOf(runtime), ...seedEnv });
    assert.equal(config.dataPath, "/var/lib/weaviate");
    assert.equal(config.clusterHostname, "node1");
    assert.deepEqual(config.enabledModules, ["backup-s3"]);
    assert.equal(config.auth.anonymousAccess, true);
    const s3 = config.backup.s3;
    assert.ok(s3, "backup-s3 is configured");
    assert.deepEqual(
      { bucket: s3.bucket, endpoint: s3.endpoint, useSsl: s3.useSsl, credentials: s3.credentials },
      {
        bucket: "weaviate-backups",
        endpoint: "play.min.io:443",
        useSsl: true,
        credentials: { accessKeyId: "minioadmin", secretAccessKey: "minioadmin", sessionToken: undefined },
      },
    );

    // Its port mapping and data volume fit the image.
    const ports = parse(blockAfter(lines, services, "ports", /^- /).join("\n")) as string[];
    assert.deepEqual(ports, ["8080:8080"]);
    const exposed = runtime.filter((i) => i.keyword === "EXPOSE").flatMap((i) => i.args.split(/\s+/));
    assert.ok(exposed.includes(ports[0]!.split(":").at(-1)!));
    const volumes = parse(blockAfter(lines, services, "volumes", /^- /).join("\n")) as string[];
    const target = volumes[0]?.split(":").at(-1);
    assert.ok(runtime.some((i) => i.keyword === "VOLUME" && i.args === target), `VOLUME ${target}`);
  },
);
