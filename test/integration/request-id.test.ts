/**
 * Request ids and logs: a sane `X-Request-Id` is kept and echoed, anything else replaced by a
 * generated UUID; the request's log lines carry it as `reqId`; credentials never reach a log line;
 * LOG_LEVEL applies to the real process.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { pino } from "pino";
import { loggerOptions } from "../../src/http/logging.ts";
import { call } from "../helpers/http.ts";
import { startChildServer, startTestServer, type TestServer, tempDir } from "../helpers/server.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Collects JSON log lines. */
class LogLines extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  raw = "";

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.raw += chunk.toString();
    for (const line of chunk.toString().split("\n")) if (line.trim() !== "") this.lines.push(JSON.parse(line));
    done();
  }

  withId(id: string): Array<Record<string, unknown>> {
    return this.lines.filter((line) => line["reqId"] === id);
  }
}

describe("request ids", () => {
  let server: TestServer;
  const logs = new LogLines();

  before(async () => {
    server = await startTestServer({}, undefined, { logStream: logs, logLevel: "debug" });
  });

  after(() => server.dispose());

  test("a sane X-Request-Id is echoed and carried by the request's log lines", async () => {
    const reply = await call(server.url, "GET", "/v1/schema", undefined, { "x-request-id": "client-id.42_ABC" });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get("x-request-id"), "client-id.42_ABC");
    const lines = logs.withId("client-id.42_ABC");
    assert.ok(lines.length >= 1, logs.raw);
    assert.ok(lines.some((line) => line["msg"] === "request" && line["url"] === "/v1/schema" && line["status"] === 200));
  });

  test("unknown body keys are ignored and named in a debug line", async () => {
    const reply = await call(server.url, "POST", "/v1/schema", { class: "Logged", vectorizers: [], extra: 1 });
    assert.equal(reply.status, 200);
    const line = logs.lines.find((entry) => entry["msg"] === "unknown keys in the request body ignored");
    assert.ok(line, logs.raw);
    assert.equal(line["level"], 20, "debug");
    assert.equal(line["where"], "class");
    assert.deepEqual(line["keys"], ["vectorizers", "extra"]);
  });

  test("without one, a UUID is generated, echoed and logged", async () => {
    const reply = await call(server.url, "GET", "/v1/meta");
    const id = reply.headers.get("x-request-id") ?? "";
    assert.match(id, UUID);
    assert.ok(logs.withId(id).some((line) => line["msg"] === "request"));
    const other = await call(server.url, "GET", "/v1/meta");
    assert.notEqual(other.headers.get("x-request-id"), id);
  });

  test("an insane one is replaced", async () => {
    let checked = 0;
    for (const given of ["x".repeat(129), "has space", "tab\there", "ünïcode"]) {
      const reply = await fetch(`${server.url}/v1/meta`, { headers: { "x-request-id": given } }).catch(() => undefined);
      if (!reply) continue; // the client itself refuses some header values
      const id = reply.headers.get("x-request-id") ?? "";
      assert.match(id, UUID, `'${given}' was kept`);
      await reply.arrayBuffer();
      checked++;
    }
    assert.ok(checked >= 3, `only ${checked} header values reached the server`);
  });

  test("errors answered early carry it too", async () => {
    const missing = await call(server.url, "GET", "/v1/no-such-path", undefined, { "x-request-id": "r-404" });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get("x-request-id"), "r-404");
    const bad = await call(server.url, "POST", "/v1/objects", "{not json", { "x-request-id": "r-400" });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get("x-request-id"), "r-400");
    assert.ok(logs.withId("r-400").some((line) => line["status"] === 400));
  });

  test("the Authorization header never reaches the logs", async () => {
    await call(server.url, "GET", "/v1/schema", undefined, { authorization: "Bearer secret-token-1234" });
    assert.ok(!logs.raw.includes("secret-token-1234"));
    // However a request's headers get logged, the logger censors credentials.
    const out = new LogLines();
    const logger = pino(loggerOptions("info"), out);
    logger.info({ req: { method: "GET", headers: { authorization: "Bearer secret-token-5678", cookie: "s=1" } } }, "x");
    logger.info({ headers: { authorization: "Basic c2VjcmV0" } }, "y");
    assert.ok(!out.raw.includes("secret-token-5678"));
    assert.ok(!out.raw.includes("c2VjcmV0"));
    assert.equal((out.lines[0]!["req"] as { headers: Record<string, string> }).headers["authorization"], "[redacted]");
  });
});

test("LOG_LEVEL applies to the real process: debug shows request lines with their id", async () => {
  const dataPath = await tempDir("request-id-");
  const child = await startChildServer({ PERSISTENCE_DATA_PATH: dataPath, LOG_LEVEL: "debug" });
  try {
    const reply = await call(child.url, "GET", "/v1/meta", undefined, { "x-request-id": "child-req-1" });
    assert.equal(reply.headers.get("x-request-id"), "child-req-1");
    // The onResponse log line is written right after the reply.
    for (let i = 0; i < 50 && !child.output().includes('"reqId":"child-req-1"'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const line = child
      .output()
      .split("\n")
      .find((text) => text.includes('"reqId":"child-req-1"'));
    assert.ok(line, child.output());
    assert.equal(JSON.parse(line)["msg"], "request");
  } finally {
    child.child.kill("SIGTERM");
    await child.exited;
    await rm(dataPath, { recursive: true, force: true });
  }
});

test("LOG_LEVEL=info: no per-request lines", async () => {
  const dataPath = await tempDir("request-id-");
  const child = await startChildServer({ PERSISTENCE_DATA_PATH: dataPath, LOG_LEVEL: "info" });
  try {
    await call(child.url, "GET", "/v1/meta", undefined, { "x-request-id": "child-req-2" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(!child.output().includes("child-req-2"));
  } finally {
    child.child.kill("SIGTERM");
    await child.exited;
    await rm(dataPath, { recursive: true, force: true });
  }
});
