/**
 * Backup ids and paths can never leave the backup root on the filesystem backend (REST and
 * GraphQL): ids with `..`, slashes (plain, %2F-encoded), backslashes, absolute paths, in the body
 * and in the path of every id-taking route, are refused with 422; a request `config.Path` must be
 * an absolute directory named plainly (no `.`/`..`/empty segments, backslashes or encoded
 * slashes). An absolute Path outside BACKUP_FILESYSTEM_PATH is allowed, as in Weaviate, and the
 * backup lands exactly there. After everything, the only files written are under the root and
 * that one chosen directory.
 */
import assert from "node:assert/strict";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { expect422 } from "../helpers/expect.ts";
import { call } from "../helpers/http.ts";
import { startTestServer, type TestServer, tempDir } from "../helpers/server.ts";

let server: TestServer;
let outer: string;
let root: string;
let elsewhere: string;

/** Every file and directory under `dir`, relative to it, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map((entry) => entry.split(path.sep).join("/")).sort();
}

async function waitFor(statusPath: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const reply = await call<Record<string, unknown>>(server.url, "GET", statusPath);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    if (["SUCCESS", "FAILED", "CANCELED"].includes(String(reply.body["status"]))) return reply.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${statusPath} did not finish`);
}

before(async () => {
  outer = await tempDir("backup-paths-");
  root = path.join(outer, "root");
  elsewhere = path.join(outer, "elsewhere");
  await mkdir(root);
  server = await startTestServer({ ENABLE_MODULES: "backup-filesystem", BACKUP_FILESYSTEM_PATH: root });
  assert.equal((await call(server.url, "POST", "/v1/schema", { class: "Article" })).status, 200);
  assert.equal((await call(server.url, "POST", "/v1/objects", { class: "Article", properties: { title: "one" } })).status, 200);
});

after(async () => {
  await server.dispose();
  await rm(outer, { recursive: true, force: true });
});

const badIds = ["..", "../escape", "../../escape", "/abs", "a/b", "a%2Fb", "a%2fb", "a\\b", "..\\escape", "a%5Cb", ".", "UPPER", ""];

describe("backup ids", () => {
  it("refuses ids that could name another directory in a create body", async () => {
    for (const id of badIds) {
      const reply = await call(server.url, "POST", "/v1/backups/filesystem", { id });
      assert.equal(reply.status, 422, `${JSON.stringify(id)}: ${JSON.stringify(reply.body)}`);
      expect422(reply, "invalid backup id");
    }
  });

  it("refuses them in the path of every route that takes an id (encoded so the URL keeps them)", async () => {
    // A bare `..` or `%2E%2E` segment never reaches the server: URL parsing resolves it first.
    const encoded = ["..%2Fescape", "..%2F..%2Fescape", "a%2Fb", "a%5Cb", "..%5Cescape", "%2E%2E%2Fescape", "a%252Fb"];
    for (const raw of encoded) {
      for (const [method, suffix] of [
        ["GET", ""],
        ["DELETE", ""],
        ["POST", "/restore"],
        ["GET", "/restore"],
        ["DELETE", "/restore"],
      ] as const) {
        const reply = await call(server.url, method, `/v1/backups/filesystem/${raw}${suffix}`, method === "POST" ? {} : undefined);
        expect422(reply, "invalid backup id");
      }
    }
  });

  it("refuses them in GraphQL mutations too", async () => {
    const reply = await call<{ errors?: Array<{ message: string }> }>(server.url, "POST", "/v1/graphql", {
      query: 'mutation { createBackup(backend: "filesystem", id: "../escape") { status } }',
    });
    assert.equal(reply.status, 200);
    assert.match(reply.body.errors?.[0]?.message ?? "", /invalid backup id/);
  });
});

describe("config.Path", () => {
  const badPaths = () => [
    "relative/dir",
    "./here",
    `${root}/../escape`,
    `${root}/..`,
    `${outer}/./x`,
    `${outer}//x`,
    `${outer}/a\\b`,
    `${outer}/a%2Fb`,
    `${outer}/a%2e%2e%2fb`,
    `${outer}/..%2Fescape`,
  ];

  it("refuses paths that are relative or not named plainly, for backup and restore", async () => {
    for (const [i, Path] of badPaths().entries()) {
      const created = await call(server.url, "POST", "/v1/backups/filesystem", { id: `bad-${i}`, config: { Path } });
      expect422(created, "backup-filesystem: path");
      const restored = await call(server.url, "POST", `/v1/backups/filesystem/bad-${i}/restore`, { config: { Path } });
      expect422(restored, "backup-filesystem: path");
    }
  });

  it("allows an absolute directory outside the root, and writes exactly there", async () => {
    const reply = await call<{ path: string }>(server.url, "POST", "/v1/backups/filesystem", {
      id: "moved",
      config: { Path: `${elsewhere}/` },
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.path, path.join(elsewhere, "moved"));
    assert.equal((await waitFor("/v1/backups/filesystem/moved")).status, "SUCCESS");
    const files = await tree(elsewhere);
    assert.ok(files.includes("moved/backup_config.json"), files.join("\n"));
    assert.ok(files.every((file) => file.startsWith("moved")), files.join("\n"));
  });

  it("after all of it, nothing was written outside the root and the chosen directory", async () => {
    const plain = await call(server.url, "POST", "/v1/backups/filesystem", { id: "plain" });
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    assert.equal((await waitFor("/v1/backups/filesystem/plain")).status, "SUCCESS");
    assert.deepEqual((await readdir(outer)).sort(), ["elsewhere", "root"]);
    assert.deepEqual((await readdir(root)).sort(), ["plain"]);
    assert.deepEqual((await readdir(elsewhere)).sort(), ["moved"]);
    assert.deepEqual((await readdir(path.dirname(outer))).filter((entry) => entry === "escape"), []);
  });
});
