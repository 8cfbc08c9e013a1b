/**
 * /v1/schema/{className}/tenants (reference §4.2): list, create, update activity, delete, and
 * one tenant by name (GET / HEAD, 404 without a body when unknown). States go on the wire in the
 * legacy names (HOT, COLD, FROZEN, FREEZING, UNFREEZING), as Weaviate answers.
 */
import type { FastifyInstance } from "fastify";
import { notFoundSilent } from "../../errors/index.ts";
import { parseTenantList, parseTenantNames } from "../bodies/tenants.ts";
import type { HttpDeps } from "../context.ts";

interface ClassParams {
  Params: { className: string };
}
interface TenantParams {
  Params: { className: string; tenantName: string };
}

const wire = (tenant: { name: string; activityStatus: string }) => ({
  name: tenant.name,
  activityStatus: tenant.activityStatus,
});

export function tenantRoutes(app: FastifyInstance, { tenants }: HttpDeps): void {
  const path = "/v1/schema/:className/tenants";
  app.get<ClassParams>(path, async (request) => tenants.list(request.params.className).map(wire));
  app.post<ClassParams>(path, async (request) =>
    tenants.create(request.params.className, parseTenantList(request.body)),
  );
  app.put<ClassParams>(path, async (request) =>
    (await tenants.update(request.params.className, parseTenantList(request.body))).map(wire),
  );
  app.delete<ClassParams>(path, async (request, reply) => {
    await tenants.delete(request.params.className, parseTenantNames(request.body));
    return reply.status(200).send();
  });

  const one = (request: { params: TenantParams["Params"] }) => {
    const tenant = tenants.get(request.params.className, request.params.tenantName);
    if (!tenant) throw notFoundSilent("tenant");
    return tenant;
  };
  app.get<TenantParams>(`${path}/:tenantName`, async (request) => wire(one(request)));
  app.head<TenantParams>(`${path}/:tenantName`, async (request, reply) => {
    one(request);
    return reply.status(200).send();
  });
}
