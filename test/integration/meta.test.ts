/**
 * Root, meta and probe endpoints (reference §1) against the real service. Clients gate features
 * on `/v1/meta.version` and treat any 2xx of the probes as healthy, so statuses and the meta
 * keys are pinned exactly.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { pino } from "pino";
import { wireServices } from "../../src/app.ts";
import { loadConfig } from "../../src/config/index.ts";
import { buildServer } from "../../src/http/server.ts";
import { expectError, expectNoBody, expectOk } from "../helpers/expect.ts";
import { call } from "../helpers/http.ts";
import { startTestServer, type TestServer, tempDir } from "../helpers/server.ts";

describe("meta and probes", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ GRPC_MAX_MESSAGE_SIZE: "2000000" });
  });
  after(() => server.dispose());

  test("GET /v1 lists the API's links", async () => {
    const body = expectOk<{ links: Array<Record<string, unknown>> }>(await call(server.url, "GET", "/v1"));
    assert.ok(Array.isArray(body.links) && body.links.length > 0);
    for (const link of body.links) {
      assert.deepEqual(Object.keys(link).sort(), ["documentationHref", "href", "name"]);
      assert.equal(typeof link["name"], "string");
      assert.match(String(link["href"]), /^\/v1\//);
    }
    const names = body.links.map((link) => link["name"]);
    for (const name of ["meta", "schema", "objects", "batch", "graphql"]) assert.ok(names.includes(name), name);
  });

  test("GET /v1/meta has hostname, version 1.32.0, no modules and the gRPC size", async () => {
    const reply = await call(server.url, "GET", "/v1/meta");
    const body = expectOk(reply);
    assert.match(reply.headers.get("content-type") ?? "", /application\/json/);
    assert.deepEqual(Object.keys(body).sort(), ["grpcMaxMessageSize", "hostname", "modules", "version"]);
    // The address the server actually listens on (PORT=0 lets the OS pick the port).
    assert.equal(body["hostname"], `http://127.0.0.1:${server.app.port}`);
    assert.equal(body["version"], "1.32.0");
    assert.deepEqual(body["modules"], {});
    assert.equal(body["grpcMaxMessageSize"], 2_000_000);
  });

  test("grpcMaxMessageSize defaults to Weaviate's 104858000", async () => {
    const other = await startTestServer();
    try {
      const body = expectOk(await call(other.url, "GET", "/v1/meta"));
      assert.equal(body["grpcMaxMessageSize"], 104_858_000);
    } finally {
      await other.dispose();
    }
  });

  test("GET /v1/.well-known/live answers 200 with an empty body", async () => {
    expectNoBody(await call(server.url, "GET", "/v1/.well-known/live"), 200);
  });

  test("GET /v1/.well-known/ready answers 200 once started", async () => {
    expectNoBody(await call(server.url, "GET", "/v1/.well-known/ready"), 200);
  });

  test("GET /v1/.well-known/openid-configuration is 404 without a body (no OIDC)", async () => {
    expectNoBody(await call(server.url, "GET", "/v1/.well-known/openid-configuration"), 404);
  });

  test("GET / redirects permanently to /v1", async () => {
    const response = await fetch(`${server.url}/`, { redirect: "manual" });
    assert.equal(response.status, 301);
    assert.equal(response.headers.get("location"), "/v1");
  });
});

describe("before storage is open", () => {
  // The service listens before RocksDB is open; build that state directly, since a started
  // server is past it by the time startTestServer returns.
  test("probes and meta answer, ready is 503, everything else is 503 in the error shape", async () => {
    const dir = await tempDir();
    const config = loadConfig({ HOST: "127.0.0.1", PORT: "0", PERSISTENCE_DATA_PATH: dir });
    const logger = pino({ level: "silent" });
    const { deps } = wireServices(config, logger);
    const { readiness } = deps;
    const app = buildServer(deps, logger);
    try {
      const inject = async (url: string) => {
        const response = await app.inject({ method: "GET", url });
        const text = response.body;
        return {
          status: response.statusCode,
          body: text === "" ? undefined : (JSON.parse(text) as unknown),
          headers: new Headers(response.headers as Record<string, string>),
        };
      };
      expectNoBody(await inject("/v1/.well-known/live"), 200);
      expectNoBody(await inject("/v1/.well-known/ready"), 503);
      assert.equal((await inject("/v1/meta")).status, 200);
      assert.equal((await inject("/v1")).status, 200);
      expectError(await inject("/v1/schema"), 503);
      readiness.ready = true;
      expectNoBody(await inject("/v1/.well-known/ready"), 200);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
