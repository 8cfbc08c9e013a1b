/** Backups over REST (reference §5.2): create, status, list, cancel, restore, restore status. */
import type { FastifyInstance } from "fastify";
import { parseBackupCreate, parseBackupRestore } from "../bodies/backups.ts";
import type { HttpDeps } from "../context.ts";

interface BackendParams {
  backend: string;
}
interface BackupParams extends BackendParams {
  id: string;
}

export function backupRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { backups } = deps;

  app.post<{ Params: BackendParams }>("/v1/backups/:backend", async (request) =>
    backups.create(request.params.backend, parseBackupCreate(request.body)),
  );

  app.get<{ Params: BackendParams; Querystring: { order?: string } }>("/v1/backups/:backend", async (request) =>
    backups.list(request.params.backend, request.query.order === "asc" ? "asc" : "desc"),
  );

  app.get<{ Params: BackupParams }>("/v1/backups/:backend/:id", async (request) =>
    backups.status("backup", request.params.backend, request.params.id),
  );

  app.delete<{ Params: BackupParams }>("/v1/backups/:backend/:id", async (request, reply) => {
    await backups.cancel("backup", request.params.backend, request.params.id);
    return reply.status(204).send();
  });

  app.post<{ Params: BackupParams }>("/v1/backups/:backend/:id/restore", async (request) =>
    backups.restore(request.params.backend, request.params.id, parseBackupRestore(request.body)),
  );

  app.get<{ Params: BackupParams }>("/v1/backups/:backend/:id/restore", async (request) =>
    backups.status("restore", request.params.backend, request.params.id),
  );

  app.delete<{ Params: BackupParams }>("/v1/backups/:backend/:id/restore", async (request, reply) => {
    await backups.cancel("restore", request.params.backend, request.params.id);
    return reply.status(204).send();
  });
}
