/** /v1 links, /v1/meta and the liveness / readiness probes. */
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type { HttpDeps } from "../context.ts";

const links = [
  ["meta", "/v1/meta", "https://weaviate.io/developers/weaviate/api/rest#tag/meta"],
  ["schema", "/v1/schema", "https://weaviate.io/developers/weaviate/api/rest#tag/schema"],
  ["objects", "/v1/objects", "https://weaviate.io/developers/weaviate/api/rest#tag/objects"],
  ["batch", "/v1/batch", "https://weaviate.io/developers/weaviate/api/rest#tag/batch"],
  ["graphql", "/v1/graphql", "https://weaviate.io/developers/weaviate/api/graphql"],
] as const;

/** The enabled modules' meta, as Weaviate reports them (reference §1). */
function modulesMeta(config: HttpDeps["config"]): Record<string, unknown> {
  const modules: Record<string, unknown> = {};
  const { filesystem, s3 } = config.backup;
  if (filesystem) modules["backup-filesystem"] = { backupsPath: filesystem.path };
  if (s3) {
    modules["backup-s3"] = {
      bucketName: s3.bucket,
      endpoint: s3.endpoint ?? "s3.amazonaws.com",
      useSSL: s3.useSsl,
      ...(s3.path ? { rootName: s3.path } : {}),
    };
  }
  if (config.offload) {
    modules["offload-s3"] = { bucketName: config.offload.bucket, endpoint: config.offload.endpoint ?? "" };
  }
  return modules;
}

export function metaRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { config, readiness } = deps;

  app.get("/v1", async () => ({
    links: links.map(([name, href, documentationHref]) => ({ name, href, documentationHref })),
  }));

  // The port actually bound: with PORT=0 the OS picks it, and the configured 0 is no address.
  const boundPort = () => (app.server.address() as AddressInfo | null)?.port ?? config.port;

  app.get("/v1/meta", async () => ({
    hostname: `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${boundPort()}`,
    version: deps.version,
    modules: modulesMeta(config),
    grpcMaxMessageSize: config.grpcMaxMessageSize,
  }));

  app.get("/v1/.well-known/live", async (_request, reply) => reply.status(200).send());

  app.get("/v1/.well-known/ready", async (_request, reply) =>
    reply.status(readiness.ready ? 200 : 503).send(),
  );

  app.get("/v1/.well-known/openid-configuration", async (_request, reply) =>
    reply.status(404).send(),
  );

  app.get("/", async (_request, reply) => reply.redirect("/v1", 301));
}
