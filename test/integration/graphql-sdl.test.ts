/**
 * The generated schema for the seeds' Article/Author classes, printed as SDL, must equal the
 * reviewed snapshot in schema/article-author.graphql: a change to schema generation shows up as a
 * diff of that file. Regenerate with `UPDATE_SNAPSHOTS=1 npm test` and review the diff.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery, printSchema } from "graphql";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const SNAPSHOT = new URL("../../schema/article-author.graphql", import.meta.url);
const SEED_SCHEMA = new URL("../../schema/schema.json", import.meta.url);

let server: TestServer;

before(async () => {
  server = await startTestServer();
});

after(async () => {
  await server.dispose();
});

test("the Article/Author schema prints as the reviewed SDL snapshot", async () => {
  const created = await fetch(`${server.url}/v1/schema`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: await readFile(SEED_SCHEMA, "utf8"),
  });
  assert.equal(created.status, 200, await created.text());
  const response = await fetch(`${server.url}/v1/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: getIntrospectionQuery() }),
  });
  const body = (await response.json()) as { data: IntrospectionQuery; errors?: unknown };
  assert.equal(body.errors, undefined);
  const printed = `${printSchema(buildClientSchema(body.data))}\n`;
  if (process.env["UPDATE_SNAPSHOTS"] === "1") await writeFile(SNAPSHOT, printed);
  const expected = await readFile(SNAPSHOT, "utf8");
  assert.equal(printed, expected, "generated SDL differs from schema/article-author.graphql");
});
