/**
 * Authentication and admin-list authorization on every route of the server, walked from the
 * router's own table (registeredRoutes), so a route added later is covered without touching this
 * file: no key → 401 (anonymous access off), a wrong key → 401, a read-only user may read and gets
 * 403 for writes, an admin is never refused, a user on neither list is refused everything, and
 * the probes answer whatever the credentials. Then GraphQL (queries vs mutations, batch, GraphiQL),
 * anonymous users under an admin list, and a bearer token on a server without API keys.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { registeredRoutes } from "../../src/http/server.ts";
import { call, type Reply } from "../helpers/http.ts";
import { uuidOf } from "../helpers/objects.ts";
import { startTestServer, type TestServer, tempDir } from "../helpers/server.ts";

const ADMIN = "admin-key-0123456789";
const READER = "reader-key-0123456789";
const NOBODY = "nobody-key-0123456789";
const WRONG = "wrong-key";
const OBJECT_ID = uuidOf(1);

const INVALID_KEY = { code: 401, message: "invalid api key, please provide a valid api key" };
const NO_ANONYMOUS = { code: 401, message: "anonymous access not enabled, please provide an auth scheme such as OIDC" };

const bearer = (key: string | undefined): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});

/** Routes answered without credentials (Weaviate answers them before authenticating). */
const OPEN: Record<string, number> = {
  "GET /": 200, // 301 to /v1, which fetch follows
  "GET /v1": 200,
  "GET /v1/.well-known/live": 200,
  "GET /v1/.well-known/ready": 200,
  "GET /v1/.well-known/openid-configuration": 404,
};

const GRAPHQL_QUERY = "{ Get { Article { title } } }";

interface Route {
  method: string;
  url: string;
}

/** The route's path with every parameter replaced by something that exists. */
function concrete(route: Route): string {
  const inTenants = route.url.includes("/tenants");
  const path = route.url
    .replace(":className", inTenants ? "Tenanted" : "Article")
    .replace(":tenantName", "t1")
    .replace(":shardName", "someShard")
    .replace(":backend", "filesystem")
    .replace(":propertyName", "related")
    .replace(":id", route.url.startsWith("/v1/backups/") ? "bk1" : OBJECT_ID);
  assert.ok(!path.includes(":"), `no fixture for a parameter of ${route.url}`);
  return path;
}

/** A read, as Weaviate's admin list sees it: GET and HEAD, and GraphQL POSTs without mutations. */
function isRead(route: Route): boolean {
  return route.method === "GET" || route.method === "HEAD" || route.url.startsWith("/v1/graphql");
}

/** A body for the route: a harmless GraphQL query, or an empty object elsewhere. */
function bodyFor(route: Route): unknown {
  if (route.method === "GET" || route.method === "HEAD") return undefined;
  if (route.url === "/v1/graphql") return { query: GRAPHQL_QUERY };
  if (route.url === "/v1/graphql/batch") return [{ query: GRAPHQL_QUERY }];
  return {};
}

function send(url: string, route: Route, key: string | undefined): Promise<Reply> {
  return call(url, route.method, concrete(route), bodyFor(route), bearer(key));
}

const name = (route: Route) => `${route.method} ${route.url}`;

function expectForbidden(reply: Reply, user: string, what: string): void {
  assert.equal(reply.status, 403, `${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
  if (reply.body === undefined) return; // HEAD
  const message = (reply.body as { error: Array<{ message: string }> }).error[0]?.message ?? "";
  assert.match(
    message,
    new RegExp(`^authorization, forbidden action: user '${user}' has insufficient permissions to (read|create|update|delete) \\[.+\\]$`),
    what,
  );
}

async function waitForBackup(url: string, id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const reply = await call<{ status?: string }>(url, "GET", `/v1/backups/filesystem/${id}`, undefined, bearer(ADMIN));
    if (reply.body?.status === "SUCCESS") return;
    assert.ok(!["FAILED", "CANCELED"].includes(String(reply.body?.status)), JSON.stringify(reply.body));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`backup ${id} did not finish`);
}

const authEnv = {
  AUTHENTICATION_APIKEY_ENABLED: "true",
  AUTHENTICATION_APIKEY_ALLOWED_KEYS: [ADMIN, READER, NOBODY].join(","),
  AUTHENTICATION_APIKEY_USERS: "admin,reader,nobody",
  AUTHORIZATION_ADMINLIST_ENABLED: "true",
  AUTHORIZATION_ADMINLIST_USERS: "admin",
  AUTHORIZATION_ADMINLIST_READONLY_USERS: "reader",
};

describe("API keys on, anonymous off, admin list on: every route", () => {
  let server: TestServer;
  let backups: string;
  let routes: Route[];

  before(async () => {
    backups = await tempDir("auth-backups-");
    server = await startTestServer({
      ...authEnv,
      AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "false",
      ENABLE_MODULES: "backup-filesystem",
      BACKUP_FILESYSTEM_PATH: backups,
    });
    const admin = (method: string, path: string, body?: unknown) => call(server.url, method, path, body, bearer(ADMIN));
    const setup = [
      await admin("POST", "/v1/schema", {
        class: "Article",
        properties: [
          { name: "title", dataType: ["text"] },
          { name: "related", dataType: ["Article"] },
        ],
      }),
      await admin("POST", "/v1/schema", { class: "Tenanted", multiTenancyConfig: { enabled: true } }),
      await admin("POST", "/v1/schema/Tenanted/tenants", [{ name: "t1" }]),
      await admin("POST", "/v1/objects", { class: "Article", id: OBJECT_ID, properties: { title: "one" } }),
      await admin("POST", "/v1/backups/filesystem", { id: "bk1", include: ["Article"] }),
    ];
    for (const reply of setup) assert.equal(reply.status, 200, JSON.stringify(reply.body));
    await waitForBackup(server.url, "bk1");
    routes = registeredRoutes(server.app.http).filter((route) => route.method !== "OPTIONS" && !route.url.includes("*"));
  });

  after(async () => {
    await server.dispose();
    await rm(backups, { recursive: true, force: true });
  });

  it("finds the whole route table, and only the probes, /v1 and / are open", () => {
    assert.ok(routes.length >= 50, `only ${routes.length} routes`);
    for (const open of Object.keys(OPEN)) {
      assert.ok(routes.some((route) => name(route) === open), `${open} is not a route`);
    }
  });

  it("answers the open routes whatever the credentials", async () => {
    for (const route of routes.filter((route) => name(route) in OPEN)) {
      for (const key of [undefined, WRONG, NOBODY, READER, ADMIN]) {
        const reply = await call(server.url, route.method, route.url, undefined, bearer(key));
        assert.equal(reply.status, OPEN[name(route)], `${name(route)} with ${key}`);
      }
    }
  });

  it("answers 401 without a key on every other route", async () => {
    for (const route of routes.filter((route) => !(name(route) in OPEN))) {
      const reply = await send(server.url, route, undefined);
      assert.equal(reply.status, 401, name(route));
      if (route.method !== "HEAD") assert.deepEqual(reply.body, NO_ANONYMOUS, name(route));
    }
  });

  it("answers 401 to a wrong key on every other route", async () => {
    for (const route of routes.filter((route) => !(name(route) in OPEN))) {
      const reply = await send(server.url, route, WRONG);
      assert.equal(reply.status, 401, name(route));
      if (route.method !== "HEAD") assert.deepEqual(reply.body, INVALID_KEY, name(route));
    }
  });

  it("refuses a user on neither list everything, reads included", async () => {
    for (const route of routes.filter((route) => !(name(route) in OPEN))) {
      expectForbidden(await send(server.url, route, NOBODY), "nobody", name(route));
    }
  });

  it("lets a read-only user read exactly what an admin reads, and refuses every write", async () => {
    for (const route of routes.filter((route) => !(name(route) in OPEN))) {
      const reply = await send(server.url, route, READER);
      if (!isRead(route)) {
        expectForbidden(reply, "reader", name(route));
        continue;
      }
      const asAdmin = await send(server.url, route, ADMIN);
      assert.ok(![401, 403].includes(reply.status), `${name(route)}: ${reply.status} ${JSON.stringify(reply.body)}`);
      assert.equal(reply.status, asAdmin.status, name(route));
    }
  });

  it("never refuses an admin (writes last, deletes at the very end)", async () => {
    const order = (route: Route) => (route.method === "DELETE" ? (route.url === "/v1/schema/:className" ? 2 : 1) : 0);
    const writes = routes.filter((route) => !(name(route) in OPEN) && !isRead(route)).sort((a, b) => order(a) - order(b));
    for (const route of writes) {
      const reply = await send(server.url, route, ADMIN);
      assert.ok(![401, 403].includes(reply.status), `${name(route)}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
  });
});

describe("GraphQL under the admin list", () => {
  let server: TestServer;
  const gql = (key: string | undefined, body: unknown, path = "/v1/graphql") =>
    call<{ data?: unknown; errors?: unknown }>(server.url, "POST", path, body, bearer(key));

  before(async () => {
    server = await startTestServer({ ...authEnv, AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "false" });
    const admin = (method: string, path: string, body?: unknown) => call(server.url, method, path, body, bearer(ADMIN));
    assert.equal((await admin("POST", "/v1/schema", { class: "Article", properties: [{ name: "title", dataType: ["text"] }] })).status, 200);
    assert.equal((await admin("POST", "/v1/schema", { class: "Tenanted", multiTenancyConfig: { enabled: true } })).status, 200);
    assert.equal((await admin("POST", "/v1/objects", { class: "Article", properties: { title: "one" } })).status, 200);
  });

  after(() => server.dispose());

  it("lets a read-only user run a Get query", async () => {
    const reply = await gql(READER, { query: GRAPHQL_QUERY });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { data: { Get: { Article: [{ title: "one" }] } } });
  });

  it("refuses a read-only user's createBackup and createTenants mutations with a 403", async () => {
    const backup = await gql(READER, { query: 'mutation { createBackup(backend: "filesystem", id: "nope") { status } }' });
    expectForbidden(backup, "reader", "createBackup");
    assert.match(JSON.stringify(backup.body), /to create \[graphql\/createBackup\]/);
    const tenants = await gql(READER, {
      query: 'mutation { createTenants(collection: "Tenanted", tenants: [{ name: "t9" }]) { name } }',
    });
    expectForbidden(tenants, "reader", "createTenants");
    const listed = await call(server.url, "GET", "/v1/schema/Tenanted/tenants", undefined, bearer(ADMIN));
    assert.deepEqual(listed.body, []);
  });

  it("decides by the operation that runs: operationName, variables and vector literals", async () => {
    const both = `query Read { Get { Article { title } } }
      mutation Write($name: String!) { createTenants(collection: "Tenanted", tenants: [{ name: $name }]) { name } }`;
    assert.equal((await gql(READER, { query: both, operationName: "Read" })).status, 200);
    expectForbidden(await gql(READER, { query: both, operationName: "Write", variables: { name: "t9" } }), "reader", "Write");
    // Without an operationName nothing would run (two operations), but a mutation is in there: refused.
    expectForbidden(await gql(READER, { query: both }), "reader", "no operationName");
    const withVector = 'mutation { deleteTenants(collection: "Tenanted", names: ["x"]) } query Q { Get { Article(nearVector: { vector: [0.1, 0.2] }) { title } } }';
    expectForbidden(await gql(READER, { query: withVector, operationName: "" }), "reader", "vector literal");
  });

  it("refuses a batch with a mutation in any item, and runs a batch of queries", async () => {
    const refused = await gql(READER, [{ query: GRAPHQL_QUERY }, { query: 'mutation { cancelBackup(backend: "filesystem", id: "x") }' }], "/v1/graphql/batch");
    expectForbidden(refused, "reader", "batch");
    assert.match(JSON.stringify(refused.body), /to delete \[graphql\/cancelBackup\]/);
    const ran = await gql(READER, [{ query: GRAPHQL_QUERY }, { query: GRAPHQL_QUERY }], "/v1/graphql/batch");
    assert.equal(ran.status, 200);
    assert.equal((ran.body as unknown[]).length, 2);
  });

  it("lets an admin run mutations", async () => {
    const reply = await gql(ADMIN, { query: 'mutation { createTenants(collection: "Tenanted", tenants: [{ name: "t2" }]) { name } }' });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(reply.body, { data: { createTenants: [{ name: "t2" }] } });
  });

  it("refuses GraphQL to a user on neither list, and any request without a valid key", async () => {
    expectForbidden(await gql(NOBODY, { query: GRAPHQL_QUERY }), "nobody", "nobody");
    assert.deepEqual((await gql(undefined, { query: GRAPHQL_QUERY })).body, NO_ANONYMOUS);
    assert.deepEqual((await gql(WRONG, { query: GRAPHQL_QUERY })).body, INVALID_KEY);
  });

  it("needs a key for GraphiQL, and refuses mutations over GET (Yoga: POST only)", async () => {
    const page = (key: string | undefined) => call(server.url, "GET", "/v1/graphql", undefined, { accept: "text/html", ...bearer(key) });
    assert.equal((await page(undefined)).status, 401);
    assert.equal((await page(WRONG)).status, 401);
    const shown = await page(READER);
    assert.equal(shown.status, 200);
    assert.match(String(shown.body), /<html/i);
    const mutation = encodeURIComponent('mutation { createTenants(collection: "Tenanted", tenants: [{ name: "t8" }]) { name } }');
    const overGet = await call(server.url, "GET", `/v1/graphql?query=${mutation}`, undefined, { accept: "application/json", ...bearer(READER) });
    assert.equal(overGet.status, 405);
    const listed = await call<Array<{ name: string }>>(server.url, "GET", "/v1/schema/Tenanted/tenants", undefined, bearer(ADMIN));
    assert.ok(!listed.body.some((tenant) => tenant.name === "t8"));
  });
});

describe("anonymous access under an admin list", () => {
  it("refuses the anonymous user everything when it is on neither list (Weaviate's user 'anonymous')", async () => {
    const server = await startTestServer({ ...authEnv, AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "true" });
    try {
      expectForbidden(await call(server.url, "GET", "/v1/schema"), "anonymous", "anonymous read");
      expectForbidden(await call(server.url, "POST", "/v1/schema", { class: "A" }), "anonymous", "anonymous write");
      expectForbidden(await call(server.url, "POST", "/v1/graphql", { query: GRAPHQL_QUERY }), "anonymous", "anonymous graphql");
      assert.equal((await call(server.url, "GET", "/v1/.well-known/ready")).status, 200);
      // Keys still work, and a wrong one is still a 401 even though anonymous access is on.
      assert.equal((await call(server.url, "GET", "/v1/schema", undefined, bearer(READER))).status, 200);
      assert.deepEqual((await call(server.url, "GET", "/v1/schema", undefined, bearer(WRONG))).body, INVALID_KEY);
    } finally {
      await server.dispose();
    }
  });

  it("lets the anonymous user read when 'anonymous' is a read-only user", async () => {
    const server = await startTestServer({
      ...authEnv,
      AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "true",
      AUTHORIZATION_ADMINLIST_READONLY_USERS: "reader,anonymous",
    });
    try {
      assert.equal((await call(server.url, "GET", "/v1/schema")).status, 200);
      assert.equal((await call(server.url, "GET", "/v1/meta")).status, 200);
      expectForbidden(await call(server.url, "POST", "/v1/schema", { class: "A" }), "anonymous", "anonymous write");
    } finally {
      await server.dispose();
    }
  });
});

describe("without API keys", () => {
  it("lets anonymous users do anything, and refuses any bearer token (no method can validate it)", async () => {
    const server = await startTestServer();
    try {
      assert.equal((await call(server.url, "POST", "/v1/schema", { class: "Article" })).status, 200);
      const reply = await call(server.url, "GET", "/v1/schema", undefined, bearer("some-key"));
      assert.deepEqual(reply.body, {
        code: 401,
        message: "oidc auth is not configured, please try another auth scheme or set up weaviate with OIDC configured",
      });
      // Another scheme than Bearer is no token at all: anonymous.
      assert.equal((await call(server.url, "GET", "/v1/schema", undefined, { authorization: "Basic dTpw" })).status, 200);
    } finally {
      await server.dispose();
    }
  });

  it("with anonymous access off too, answers 401 to everything but the open routes", async () => {
    const server = await startTestServer({ AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "false" });
    try {
      assert.deepEqual((await call(server.url, "GET", "/v1/meta")).body, NO_ANONYMOUS);
      assert.equal((await call(server.url, "GET", "/v1/.well-known/live")).status, 200);
    } finally {
      await server.dispose();
    }
  });
});

describe("CORS", () => {
  it("answers preflights without a key, and puts CORS headers on a 401", async () => {
    const server = await startTestServer({ ...authEnv, AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "false" });
    try {
      const preflight = await call(server.url, "OPTIONS", "/v1/schema", undefined, {
        origin: "http://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
      const refused = await call(server.url, "GET", "/v1/schema", undefined, { origin: "http://app.example" });
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get("access-control-allow-origin"), "*");
    } finally {
      await server.dispose();
    }
  });
});
