/**
 * Browser checks (`npm run test:browser`, not part of `npm test`): GraphiQL opens in headless
 * Chromium with the Weaviate-shaped schema in its docs pane and runs a query, and a page served
 * from another origin queries /v1/graphql through CORS. Needs Debian's chromium
 * (`apt-get install chromium`); skips with a message where it is absent.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { type Browser, chromium } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.log(`# skipping browser tests: no chromium at ${CHROMIUM} (apt-get install chromium)`);

async function post(url: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(url + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, await response.text());
}

/** A page on another port that queries the service cross-origin and prints the answer. */
function frontend(serviceUrl: string): Promise<http.Server> {
  const page = `<!doctype html><html><body><pre id="out">pending</pre><script>
    fetch(${JSON.stringify(`${serviceUrl}/v1/graphql`)}, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{Get{Article{title}}}" }),
    }).then((r) => r.json()).then((j) => { document.getElementById("out").textContent = JSON.stringify(j); })
      .catch((e) => { document.getElementById("out").textContent = "failed: " + e; });
  </script></body></html>`;
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" }).end(page);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("in a browser", { skip: !available && "chromium is not installed" }, () => {
  let service: TestServer;
  let browser: Browser;

  before(async () => {
    service = await startTestServer();
    await post(service.url, "/v1/schema", {
      class: "Article",
      description: "A class to store articles",
      properties: [{ name: "title", dataType: ["text"] }],
    });
    await post(service.url, "/v1/objects", { class: "Article", properties: { title: "Hello from GraphiQL" } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-background-networking"],
    });
  });

  after(async () => {
    await browser?.close();
    await service?.dispose();
  });

  test("GraphiQL loads, shows the collections in its docs and runs a query", async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on("requestfailed", (request) => failed.push(request.url()));
    await page.goto(`${service.url}/v1/graphql`);
    await page.locator(".graphiql-execute-button").waitFor({ timeout: 30_000 });
    // Docs pane: root type → Get → its type GetObjectsObj, whose fields are the classes.
    await page.locator('button[aria-label="Show Documentation Explorer"]').click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText("WeaviateObj", { exact: true }).first().click();
    await docs.getByText("Get", { exact: true }).first().click();
    await docs.getByText("GetObjectsObj", { exact: true }).first().click();
    await docs.getByText("Article", { exact: true }).first().waitFor({ timeout: 10_000 });
    // Run a query typed into the editor.
    const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type("{ Get { Article { title } } }");
    await page.locator(".graphiql-execute-button").click();
    await page.locator(".graphiql-response").getByText("Hello from GraphiQL").first().waitFor({ timeout: 10_000 });
    assert.deepEqual(failed, [], "no asset had to come from the network");
  });

  test("a page on another origin queries /v1/graphql through CORS", async () => {
    const server = await frontend(service.url);
    try {
      const { port } = server.address() as AddressInfo;
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.locator("#out").getByText("Hello from GraphiQL").waitFor({ timeout: 10_000 });
      const answer = JSON.parse((await page.locator("#out").textContent()) ?? "null");
      assert.deepEqual(answer, { data: { Get: { Article: [{ title: "Hello from GraphiQL" }] } } });
    } finally {
      server.close();
    }
  });
});
