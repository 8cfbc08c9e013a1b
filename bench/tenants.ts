/**
 * Multi-tenancy benchmark: one multi-tenant collection with many tenants (default 10,000 × 100
 * objects of 32 dimensions, seeded clusters) in a server started here as a child process, with
 * module offload-s3 against s3rver running in a process of its own. Prints:
 *
 *  - tenant creation rate: POST /v1/schema/{class}/tenants with 100 tenants per request;
 *  - object import rate: POST /v1/batch/objects, 1,000 objects (10 tenants) per batch, 2 in
 *    flight. Tenants are imported in waves and each wave is set INACTIVE once written (all of
 *    them open at once would need ~5 file descriptors each); the rate counts the batches only,
 *    the waves' deactivation (vector inserts finishing, indexes saved, shards closed) is shown
 *    apart;
 *  - memory per idle tenant: the server's RSS with every tenant written and INACTIVE, minus its
 *    RSS before the first tenant was created, divided by the number of tenants. It includes
 *    whatever the import left in the heap and the allocator (no GC can be forced in the child);
 *  - activation: for INACTIVE tenants one at a time, PUT HOT and then a first nearVector Get with
 *    the tenant (which opens its shard: RocksDB and the saved HNSW index), timed apart and together;
 *  - onload: tenants set FROZEN together (waiting until all are FROZEN, timed as a whole), then
 *    one at a time PUT HOT and poll the single-tenant GET until HOT;
 *  - query latency on a warm tenant: nearVector Get with the tenant, limit 10, one in flight;
 *  - the server's peak RSS.
 *
 *   npm run bench:tenants -- --tenants 10000 --objects 100 --dims 32
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { gaussian, rng, uuidFor } from "./lib/data.ts";
import { KeepAliveClient } from "./lib/http.ts";
import { startS3rverProcess } from "./lib/s3rver-process.ts";
import { currentRss, peakRss, startServer } from "./lib/server.ts";
import { post } from "./lib/service.ts";
import { ms, percentile, secondsSince, summarize } from "./lib/stats.ts";

const { values: args } = parseArgs({
  options: {
    tenants: { type: "string", default: "10000" },
    objects: { type: "string", default: "100" },
    dims: { type: "string", default: "32" },
    seed: { type: "string", default: "42" },
    /** Tenants imported before a wave is set INACTIVE. */
    wave: { type: "string", default: "500" },
    /** INACTIVE tenants activated one by one for the activation figures. */
    activate: { type: "string", default: "50" },
    /** Tenants offloaded and onloaded for the onload figures. */
    onload: { type: "string", default: "20" },
    queries: { type: "string", default: "1000" },
    /**
     * Stops the run (and the server) when the server's RSS passes this many MiB, before the
     * machine runs out of memory. Default: half the machine's memory.
     */
    "max-rss": { type: "string", default: String(Math.floor(os.totalmem() / 2 / 1024 / 1024)) },
  },
});
const tenantCount = Number(args.tenants);
const objectsPerTenant = Number(args.objects);
const dims = Number(args.dims);
const seed = Number(args.seed);
const waveSize = Number(args.wave);
const activateCount = Math.min(Number(args.activate), tenantCount);
const onloadCount = Math.min(Number(args.onload), tenantCount - activateCount - 1);
const queryCount = Number(args.queries);
const maxRss = Number(args["max-rss"]) * 1024 * 1024;

const CLASS = "TenantBench";
const CREATE_CHUNK = 100;
/** PUT /tenants takes at most 100 tenants per request. */
const UPDATE_CHUNK = 100;
const BATCH_OBJECTS = 1000;
const BATCH_CONCURRENCY = 2;
const CLUSTERS = 32;
const MB = 1024 * 1024;

const tenantName = (t: number) => `t${t.toString().padStart(6, "0")}`;

/** Cluster centres shared by all tenants; each tenant's points come from a stream of its own. */
const centres = (() => {
  const random = rng(seed);
  return Array.from({ length: CLUSTERS }, () => Array.from({ length: dims }, () => gaussian(random) * 4));
})();

function pointNear(random: () => number): number[] {
  const centre = centres[Math.floor(random() * centres.length)]!;
  return centre.map((x) => Math.fround(x + gaussian(random)));
}

/** Tenant `t`'s objects, the same on every run. */
function objectsOf(t: number): unknown[] {
  const random = rng(seed * 1_000_003 + t + 1);
  const tenant = tenantName(t);
  return Array.from({ length: objectsPerTenant }, (_, i) => ({
    class: CLASS,
    id: uuidFor(i),
    tenant,
    properties: { title: `${tenant} item ${i}`, n: i },
    vector: pointNear(random),
  }));
}

async function request(url: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

const chunked = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const sleep = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));

/** Median and p95 of ms figures, formatted. */
function spread(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${label.padEnd(44)} median ${ms(percentile(sorted, 50)).padStart(8)} ms   p95 ${ms(percentile(sorted, 95)).padStart(8)} ms   (n=${values.length})`;
}

const s3 = await startS3rverProcess();
Object.assign(process.env, {
  ENABLE_MODULES: "offload-s3",
  OFFLOAD_S3_BUCKET: "weaviate-offload",
  OFFLOAD_S3_BUCKET_AUTO_CREATE: "true",
  OFFLOAD_S3_ENDPOINT: `http://${s3.endpoint}`,
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
  VECTOR_INDEX_SAVE_INTERVAL_SECONDS: "0",
});
const server = await startServer("bench-tenants-");
const client = new KeepAliveClient(server.url, 1);
try {
  const { url } = server;
  const pid = server.pid as number;
  const tenantsUrl = `${url}/v1/schema/${CLASS}/tenants`;
  const setStatus = async (tenants: number[], activityStatus: string) => {
    for (const chunk of chunked(tenants, UPDATE_CHUNK)) {
      await request(tenantsUrl, "PUT", chunk.map((t) => ({ name: tenantName(t), activityStatus })));
    }
  };
  const statusOf = async (t: number) => ((await request(`${tenantsUrl}/${tenantName(t)}`, "GET")) as { activityStatus: string }).activityStatus;
  const nearQuery = (t: number, vector: number[]) =>
    Buffer.from(
      JSON.stringify({
        query: `{Get{${CLASS}(tenant:"${tenantName(t)}", nearVector:{vector:[${vector.join(",")}]}, limit:10){n _additional{id distance}}}}`,
      }),
    );
  const query = async (body: Buffer) => {
    const reply = await client.post("/v1/graphql", body);
    if (reply.status !== 200 || reply.text.includes('"errors"')) throw new Error(`query failed: ${reply.status} ${reply.text.slice(0, 300)}`);
    return JSON.parse(reply.text) as { data: { Get: Record<string, Array<{ n: number }>> } };
  };

  await post(`${url}/v1/schema`, {
    class: CLASS,
    multiTenancyConfig: { enabled: true },
    properties: [
      { name: "title", dataType: ["text"] },
      { name: "n", dataType: ["int"] },
    ],
  });
  await sleep(1000);
  const rssBefore = await currentRss(pid);
  console.log(`${tenantCount} tenants × ${objectsPerTenant} objects × ${dims} dims, seed ${seed}; server RSS before the tenants ${(rssBefore / MB).toFixed(0)} MiB`);

  // Tenants: POST in chunks of 100.
  const all = Array.from({ length: tenantCount }, (_, t) => t);
  const createStarted = performance.now();
  for (const chunk of chunked(all, CREATE_CHUNK)) {
    await post(tenantsUrl, chunk.map((t) => ({ name: tenantName(t) })));
  }
  const createSeconds = secondsSince(createStarted);

  // Objects: waves of tenants, each written by batches of 10 tenants × 100, then set INACTIVE.
  let written = 0;
  const guard = async () => {
    const rss = await currentRss(pid);
    if (rss > maxRss) {
      throw new Error(
        `server RSS ${(rss / MB).toFixed(0)} MiB passed --max-rss ${(maxRss / MB).toFixed(0)} MiB with ${written} tenants written ` +
          `(${((rss - rssBefore) / Math.max(1, written) / 1024).toFixed(0)} KiB per tenant, INACTIVE ones included); run with fewer --tenants`,
      );
    }
  };
  let importSeconds = 0;
  let deactivateSeconds = 0;
  const tenantsPerBatch = Math.max(1, Math.floor(BATCH_OBJECTS / objectsPerTenant));
  for (const [w, wave] of chunked(all, waveSize).entries()) {
    const batches = chunked(wave, tenantsPerBatch);
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const tenants = batches[next++]!;
        const objects = tenants.flatMap(objectsOf);
        const results = (await post(`${url}/v1/batch/objects`, { objects })) as Array<{ result?: { errors?: unknown } }>;
        const failed = results.find((item) => item.result?.errors);
        if (failed) throw new Error(`batch item failed: ${JSON.stringify(failed.result)}`);
        written += tenants.length;
        await guard();
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: BATCH_CONCURRENCY }, worker));
    importSeconds += secondsSince(started);
    const deactivating = performance.now();
    await setStatus(wave, "INACTIVE");
    deactivateSeconds += secondsSince(deactivating);
    if ((w + 1) % 4 === 0) {
      const rss = await currentRss(pid);
      console.log(
        `  ${written} tenants written and INACTIVE; import ${importSeconds.toFixed(1)} s, deactivate ${deactivateSeconds.toFixed(1)} s, server RSS ${(rss / MB).toFixed(0)} MiB`,
      );
    }
  }
  const totalObjects = tenantCount * objectsPerTenant;
  await sleep(2000);
  const rssIdle = await currentRss(pid);

  // Activation: PUT HOT, then a first query (which opens the shard).
  const activated = Array.from({ length: activateCount }, (_, i) => Math.floor((i * tenantCount) / activateCount));
  const putMs: number[] = [];
  const firstQueryMs: number[] = [];
  const bothMs: number[] = [];
  const random = rng(seed + 7);
  for (const t of activated) {
    const body = nearQuery(t, pointNear(random));
    const started = performance.now();
    await request(tenantsUrl, "PUT", [{ name: tenantName(t), activityStatus: "HOT" }]);
    const put = performance.now();
    const answer = await query(body);
    const done = performance.now();
    if (answer.data.Get[CLASS]!.length !== Math.min(10, objectsPerTenant)) throw new Error(`tenant ${t}: short answer`);
    putMs.push(put - started);
    firstQueryMs.push(done - put);
    bothMs.push(done - started);
  }
  await setStatus(activated, "INACTIVE");

  // Onload: tenants not used above, set FROZEN together, then brought back one at a time.
  const activatedSet = new Set(activated);
  const offloaded = all.filter((t) => !activatedSet.has(t)).slice(0, onloadCount);
  const freezeStarted = performance.now();
  await setStatus(offloaded, "FROZEN");
  for (const t of offloaded) {
    for (;;) {
      const status = await statusOf(t);
      if (status === "FROZEN") break;
      if (status !== "FREEZING") throw new Error(`${tenantName(t)}: offload ended ${status}`);
      await sleep(10);
    }
  }
  const freezeSeconds = secondsSince(freezeStarted);
  const onloadMs: number[] = [];
  for (const t of offloaded) {
    const started = performance.now();
    await request(tenantsUrl, "PUT", [{ name: tenantName(t), activityStatus: "HOT" }]);
    for (;;) {
      const status = await statusOf(t);
      if (status === "HOT") break;
      if (status !== "UNFREEZING") throw new Error(`${tenantName(t)}: onload ended ${status}`);
      await sleep(2);
    }
    onloadMs.push(performance.now() - started);
  }
  // The onloaded data answers: every object is back.
  const count = (await request(`${url}/v1/graphql`, "POST", {
    query: `{Aggregate{${CLASS}(tenant:"${tenantName(offloaded[0] ?? 0)}"){meta{count}}}}`,
  })) as { data: { Aggregate: Record<string, Array<{ meta: { count: number } }>> } };
  if (offloaded.length > 0 && count.data.Aggregate[CLASS]![0]!.meta.count !== objectsPerTenant) {
    throw new Error(`onloaded tenant has ${JSON.stringify(count)}`);
  }

  // Warm queries: one tenant, activated and queried once before the clock starts.
  const warm = tenantCount - 1;
  await request(tenantsUrl, "PUT", [{ name: tenantName(warm), activityStatus: "HOT" }]);
  const bodies = Array.from({ length: queryCount }, () => nearQuery(warm, pointNear(random)));
  for (const body of bodies.slice(0, 20)) await query(body);
  const latencies: number[] = [];
  const queryStarted = performance.now();
  for (const body of bodies) {
    const started = performance.now();
    await query(body);
    latencies.push(performance.now() - started);
  }
  const warmSummary = summarize(latencies, secondsSince(queryStarted));
  const peak = await peakRss(pid);

  console.log("\n==== tenants summary ====");
  const summary = [
    `data            ${tenantCount} tenants × ${objectsPerTenant} objects × ${dims} dims (${totalObjects} objects), ${CLUSTERS} clusters, seed ${seed}`,
    `create tenants  ${(tenantCount / createSeconds).toFixed(0)} tenants/s (${createSeconds.toFixed(2)} s; POST ${CREATE_CHUNK} per request, one in flight)`,
    `import objects  ${(totalObjects / importSeconds).toFixed(0)} objects/s (${importSeconds.toFixed(1)} s in batches of ${BATCH_OBJECTS}, ${BATCH_CONCURRENCY} in flight, waves of ${waveSize} tenants)`,
    `deactivate      ${deactivateSeconds.toFixed(1)} s for ${tenantCount} tenants after their import (${((deactivateSeconds * 1000) / tenantCount).toFixed(2)} ms each: indexing finished, index saved, shard closed)`,
    `memory idle     ${((rssIdle - rssBefore) / tenantCount / 1024).toFixed(1)} KiB per INACTIVE tenant (RSS ${(rssBefore / MB).toFixed(0)} MiB before creating tenants → ${(rssIdle / MB).toFixed(0)} MiB with all ${tenantCount} written and INACTIVE; includes heap and allocator growth left by the import)`,
    spread("activate: PUT HOT", putMs),
    spread("activate: first nearVector Get (opens shard)", firstQueryMs),
    spread("activate: PUT HOT + first Get", bothMs),
    `offload         ${onloadCount} tenants PUT FROZEN together: all FROZEN after ${freezeSeconds.toFixed(2)} s`,
    spread("onload: PUT HOT → GET says HOT", onloadMs),
    `warm queries    nearVector Get limit 10 on one tenant, c=1: ${warmSummary.rate.toFixed(0)} q/s, p50 ${ms(warmSummary.p50)} ms, p99 ${ms(warmSummary.p99)} ms (n=${warmSummary.count})`,
    `server RSS      peak ${(peak / MB).toFixed(0)} MiB`,
  ];
  for (const line of summary) console.log(line);
} finally {
  client.close();
  await server.close();
  s3.stop();
}
