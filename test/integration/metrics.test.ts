/**
 * Prometheus metrics (PROMETHEUS_MONITORING_ENABLED): `/metrics` on a port of its own, scraped
 * before and after REST and GraphQL requests, a backup and a restore on the filesystem, and a
 * multi-tenant collection with tenants in two states. Counters grow by exactly what was done,
 * gauges read the storage. With monitoring off no port is opened.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { call } from "../helpers/http.ts";
import { startTestServer, type TestServer, tempDir } from "../helpers/server.ts";

/** One scrape: series (name plus sorted labels, as written) → value. */
type Scrape = Map<string, number>;

function parseExposition(text: string): Scrape {
  const series: Scrape = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{.*\})? (\S+)$/.exec(line);
    assert.ok(match, `unparseable exposition line: ${line}`);
    const labels = [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, name, value]) => `${name}=${value}`)
      .sort();
    series.set(`${match[1]}{${labels.join(",")}}`, Number(match[3]));
  }
  return series;
}

/** The key of a series: `name{label=value,...}` with labels sorted. */
function key(name: string, labels: Record<string, string> = {}): string {
  const parts = Object.entries(labels)
    .map(([label, value]) => `${label}=${value}`)
    .sort();
  return `${name}{${parts.join(",")}}`;
}

async function scrape(port: number): Promise<{ series: Scrape; text: string; contentType: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(response.status, 200);
  const text = await response.text();
  return { series: parseExposition(text), text, contentType: response.headers.get("content-type") ?? "" };
}

const ARTICLE = (i: number) => `20000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

async function gql(url: string, query: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const reply = await call<{ data?: Record<string, unknown>; errors?: unknown[] }>(url, "POST", "/v1/graphql", { query });
  assert.equal(reply.status, 200);
  return reply.body;
}

async function waitFor(url: string, statusPath: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 400; i++) {
    const reply = await call<Record<string, unknown>>(url, "GET", statusPath);
    if (["SUCCESS", "FAILED", "CANCELED"].includes(String(reply.body?.["status"]))) return reply.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${statusPath} did not finish`);
}

describe("metrics enabled", () => {
  let server: TestServer;
  let backups: string;
  let port: number;

  before(async () => {
    backups = await tempDir("metrics-backups-");
    server = await startTestServer({
      PROMETHEUS_MONITORING_ENABLED: "true",
      PROMETHEUS_MONITORING_PORT: "0",
      ENABLE_MODULES: "backup-filesystem",
      BACKUP_FILESYSTEM_PATH: backups,
    });
    assert.ok(server.app.metricsPort, "the metrics server has a port");
    port = server.app.metricsPort;
    assert.notEqual(port, server.app.port);
  });

  after(async () => {
    await server.dispose();
    await rm(backups, { recursive: true, force: true });
  });

  test("requests, GraphQL operations, storage gauges, tenants and backups", async () => {
    const url = server.url;
    const before_ = await scrape(port);
    assert.match(before_.contentType, /^text\/plain; version=0\.0\.4/);
    // Node's process metrics come with the registry.
    assert.ok(before_.series.has(key("process_cpu_user_seconds_total")));

    // Schema: two plain collections and one multi-tenant one.
    const schema = await call(url, "POST", "/v1/schema", {
      classes: [
        { class: "Article", properties: [{ name: "title", dataType: ["text"] }] },
        { class: "Author", properties: [{ name: "name", dataType: ["text"] }] },
        { class: "Tenanted", multiTenancyConfig: { enabled: true }, properties: [{ name: "n", dataType: ["int"] }] },
      ],
    });
    assert.equal(schema.status, 200);
    const articles = Array.from({ length: 30 }, (_, i) => ({
      class: "Article",
      id: ARTICLE(i),
      properties: { title: `article ${i}` },
      vector: [1, i / 30, 0, 0.5],
    }));
    // Five authors, two of them without a vector: objects and vectors are counted apart.
    const authors = Array.from({ length: 5 }, (_, i) => ({
      class: "Author",
      properties: { name: `author ${i}` },
      ...(i < 3 ? { vector: [0, 1, i, 0] } : {}),
    }));
    for (const objects of [articles, authors]) {
      const batch = await call<unknown[]>(url, "POST", "/v1/batch/objects", { objects });
      assert.equal(batch.status, 200);
    }
    const tenants = await call(url, "POST", "/v1/schema/Tenanted/tenants", [
      { name: "t1", activityStatus: "ACTIVE" },
      { name: "t2", activityStatus: "ACTIVE" },
      { name: "t3", activityStatus: "ACTIVE" },
    ]);
    assert.equal(tenants.status, 200, JSON.stringify(tenants.body));
    const tenantObjects = [
      ...Array.from({ length: 4 }, (_, n) => ({ class: "Tenanted", tenant: "t1", properties: { n }, vector: [n, 1] })),
      ...Array.from({ length: 3 }, (_, n) => ({ class: "Tenanted", tenant: "t2", properties: { n }, vector: [n, 2] })),
      ...Array.from({ length: 2 }, (_, n) => ({ class: "Tenanted", tenant: "t3", properties: { n }, vector: [n, 3] })),
    ];
    assert.equal((await call(url, "POST", "/v1/batch/objects", { objects: tenantObjects })).status, 200);
    const deactivated = await call(url, "PUT", "/v1/schema/Tenanted/tenants", [{ name: "t3", activityStatus: "INACTIVE" }]);
    assert.equal(deactivated.status, 200, JSON.stringify(deactivated.body));

    // REST: two object reads by id, one miss, one unknown path.
    for (const i of [1, 2]) assert.equal((await call(url, "GET", `/v1/objects/Article/${ARTICLE(i)}`)).status, 200);
    assert.equal((await call(url, "GET", `/v1/objects/Article/${ARTICLE(99)}`)).status, 404);
    assert.equal((await call(url, "GET", "/v1/no-such-path")).status, 404);

    // GraphQL: three Gets (one of them with a vector literal), one Aggregate, a query with
    // two root fields, a validation error, a syntax error; a backup by mutation, and one refused.
    for (const query of [
      "{ Get { Article(limit: 3) { title } } }",
      "{ Get { Article(nearVector: {vector: [1, 0.5, 0, 0.5]}, limit: 2) { title } } }",
      "query Named { Get { Author { name } } }",
      "{ Aggregate { Article { meta { count } } } }",
      "{ first: Get { Author(limit: 1) { name } } Aggregate { Author { meta { count } } } }",
    ]) {
      const reply = await gql(url, query);
      assert.equal(reply.errors, undefined, `${query}: ${JSON.stringify(reply.errors)}`);
    }
    assert.ok((await gql(url, "{ Get { NoSuchClass { title } } }")).errors);
    assert.ok((await gql(url, "{ Get { Article { title }")).errors);
    const created = await gql(
      url,
      `mutation { createBackup(backend: "filesystem", id: "metrics-1", include: ["Article", "Author"], wait: true) { status } }`,
    );
    assert.deepEqual(created.data?.["createBackup"], { status: "SUCCESS" });
    const refused = await gql(url, `mutation { createBackup(backend: "filesystem", id: "Bad Id") { status } }`);
    assert.ok(refused.errors);

    // A restore: drop Author, bring it back from the backup.
    assert.equal((await call(url, "DELETE", "/v1/schema/Author")).status, 200);
    const restore = await call(url, "POST", "/v1/backups/filesystem/metrics-1/restore", { include: ["Author"] });
    assert.equal(restore.status, 200, JSON.stringify(restore.body));
    assert.equal((await waitFor(url, "/v1/backups/filesystem/metrics-1/restore"))["status"], "SUCCESS");

    const { series, text } = await scrape(port);
    const value = (name: string, labels: Record<string, string> = {}) => series.get(key(name, labels));
    const delta = (name: string, labels: Record<string, string> = {}) =>
      (series.get(key(name, labels)) ?? 0) - (before_.series.get(key(name, labels)) ?? 0);

    // HTTP: by route pattern and status; never the raw URL.
    const objectRoute = { method: "GET", route: "/v1/objects/:className/:id" };
    assert.equal(delta("http_request_duration_seconds_count", { ...objectRoute, status_code: "200" }), 2);
    assert.equal(delta("http_request_duration_seconds_count", { ...objectRoute, status_code: "404" }), 1);
    assert.equal(delta("http_request_duration_seconds_count", { method: "GET", route: "unmatched", status_code: "404" }), 1);
    assert.equal(delta("http_request_duration_seconds_count", { method: "POST", route: "/v1/graphql", status_code: "200" }), 9);
    assert.equal(delta("http_request_duration_seconds_count", { method: "POST", route: "/v1/batch/objects", status_code: "200" }), 3);
    assert.ok(!text.includes(ARTICLE(1)), "no series is labelled with a raw URL");
    assert.ok((value("http_request_duration_seconds_sum", { ...objectRoute, status_code: "200" }) ?? 0) > 0);
    assert.equal(value("http_request_duration_seconds_bucket", { ...objectRoute, status_code: "200", le: "+Inf" }), 2);

    // GraphQL: per operation type and root field; "none" when nothing ran.
    const op = (operation_type: string, root_field: string) => ({ operation_type, root_field });
    assert.equal(delta("weaviate_graphql_operations_total", op("query", "Get")), 4);
    assert.equal(delta("weaviate_graphql_operations_total", op("query", "Aggregate")), 2);
    assert.equal(delta("weaviate_graphql_operation_duration_seconds_count", op("query", "Get")), 4);
    assert.equal(delta("weaviate_graphql_errors_total", op("query", "Get")), 0);
    assert.equal(delta("weaviate_graphql_operations_total", op("query", "none")), 1);
    assert.equal(delta("weaviate_graphql_errors_total", op("query", "none")), 1);
    assert.equal(delta("weaviate_graphql_operations_total", op("unknown", "none")), 1);
    assert.equal(delta("weaviate_graphql_errors_total", op("unknown", "none")), 1);
    assert.equal(delta("weaviate_graphql_operations_total", op("mutation", "createBackup")), 2);
    assert.equal(delta("weaviate_graphql_errors_total", op("mutation", "createBackup")), 1);
    assert.ok(!text.includes("NoSuchClass"), "made-up fields do not become labels");

    // Storage, read at scrape time: objects and vectors per collection (loaded shards).
    assert.equal(value("object_count", { class_name: "Article" }), 30);
    assert.equal(value("object_count", { class_name: "Author" }), 5);
    assert.equal(value("vector_index_size", { class_name: "Article" }), 30);
    assert.equal(value("vector_index_size", { class_name: "Author" }), 3);
    // t3 is INACTIVE: its shard is closed, so its two objects are not counted.
    assert.equal(value("object_count", { class_name: "Tenanted" }), 7);
    assert.equal(value("vector_index_size", { class_name: "Tenanted" }), 7);

    // Tenants per state, every state reported for each multi-tenant collection.
    const tenantsIn = (status: string) => value("weaviate_tenants", { class_name: "Tenanted", status });
    assert.equal(tenantsIn("ACTIVE"), 2);
    assert.equal(tenantsIn("INACTIVE"), 1);
    assert.equal(tenantsIn("OFFLOADED"), 0);
    assert.equal(value("weaviate_tenants", { class_name: "Article", status: "ACTIVE" }), undefined);

    // Backups and restores: duration and bytes by backend, operation and status.
    const backup = { backend_name: "filesystem", operation: "backup", status: "SUCCESS" };
    const restored = { backend_name: "filesystem", operation: "restore", status: "SUCCESS" };
    assert.equal(value("weaviate_backup_duration_seconds_count", backup), 1);
    assert.equal(value("weaviate_backup_duration_seconds_count", restored), 1);
    assert.ok((value("weaviate_backup_transferred_bytes_total", backup) ?? 0) > 0);
    assert.ok((value("weaviate_backup_transferred_bytes_total", restored) ?? 0) > 0);

    // Deleting a collection removes its series.
    assert.equal((await call(url, "DELETE", "/v1/schema/Article")).status, 200);
    const later = await scrape(port);
    assert.equal(later.series.get(key("object_count", { class_name: "Article" })), undefined);
    assert.equal(later.series.get(key("object_count", { class_name: "Author" })), 5);
  });

  test("only /metrics is served on the metrics port", async () => {
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`, { method: "POST" })).status, 405);
    // And the API port has no /metrics.
    assert.equal((await call(server.url, "GET", "/metrics")).status, 404);
  });
});

test("monitoring disabled: no metrics port is opened", async () => {
  const servers = () => process.getActiveResourcesInfo().filter((kind) => kind === "TCPServerWrap").length;
  const listening = servers();
  const server = await startTestServer({ PROMETHEUS_MONITORING_PORT: "0" });
  try {
    assert.equal(server.app.metricsPort, undefined);
    assert.notEqual(server.app.grpcPort, 0);
    assert.equal(servers(), listening + 2, "only the API and gRPC ports listen");
  } finally {
    await server.dispose();
  }
});

test("the metrics server closes with the app", async () => {
  const server = await startTestServer({ PROMETHEUS_MONITORING_ENABLED: "true", PROMETHEUS_MONITORING_PORT: "0" });
  const port = server.app.metricsPort!;
  assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 200);
  await server.dispose();
  await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`));
});
