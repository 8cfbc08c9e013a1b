/**
 * Tenants in GraphQL, on the same use case as REST: query `tenants` and mutations
 * `createTenants`, `updateTenants`, `deleteTenants`. Activity states use the current names
 * (ACTIVE, INACTIVE, OFFLOADED, OFFLOADING, ONLOADING) where REST keeps the legacy ones.
 * Use-case errors become GraphQL errors (errors.ts).
 */
import { type TenantStatus, tenantStatusNames } from "../domain/index.ts";
import type { GraphQLContext } from "./context.ts";

/** A tenant as the use case lists it; `error` says why its last offload or onload failed. */
export interface TenantState {
  name: string;
  activityStatus: TenantStatus;
  error?: string;
}

/** What the GraphQL layer needs from the tenant use case (TenantService implements it). */
export interface TenantOperations {
  list(className: string): TenantState[];
  get(className: string, name: string): TenantState | undefined;
  create(className: string, body: unknown): Promise<unknown>;
  update(className: string, body: unknown): Promise<TenantState[]>;
  delete(className: string, body: unknown): Promise<void>;
}

/** Root fields that work while no class exists (they answer the use case's own errors then). */
export const tenantRootFields = new Set(["tenants"]);

const activityStatuses = ["ACTIVE", "INACTIVE", "OFFLOADED", "OFFLOADING", "ONLOADING"] as const;

interface TenantInput {
  name: string;
  activityStatus?: string | null;
}

/** The request body TenantService takes: a status given by its current name, or none. */
function bodyOf(tenants: readonly TenantInput[]): Array<Record<string, unknown>> {
  return tenants.map(({ name, activityStatus }) => (activityStatus == null ? { name } : { name, activityStatus }));
}

// Pothos' builder type is generic over the schema's types; these fields only need its methods.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Builder = any;

/** Adds the tenant types and root fields; outputs are non-null (the builder's default is nullable). */
export function addTenantFields(builder: Builder): void {
  const Status = builder.enumType("TenantActivityStatus", {
    description: "A tenant's activity state",
    values: activityStatuses,
  });
  const TenantRef = builder.objectRef("Tenant").implement({
    description: "A tenant of a multi-tenant collection",
    fields: (t: Builder) => ({
      name: t.exposeString("name", { nullable: false }),
      activityStatus: t.field({
        type: Status,
        nullable: false,
        resolve: (tenant: TenantState) => tenantStatusNames[tenant.activityStatus],
      }),
      error: t.string({
        nullable: true,
        description: "Why the last offload or onload failed",
        resolve: (tenant: TenantState) => tenant.error ?? null,
      }),
    }),
  });
  const Input = builder.inputType("TenantInput", {
    fields: (t: Builder) => ({
      name: t.string({ required: true }),
      activityStatus: t.field({ type: Status }),
    }),
  });
  const ops = (context: GraphQLContext) => context.tenants;
  const changes = (t: Builder) => ({
    collection: t.arg.string({ required: true }),
    tenants: t.arg({ type: [Input], required: true }),
  });

  builder.queryFields((t: Builder) => ({
    tenants: t.field({
      type: [TenantRef],
      nullable: false,
      description: "The tenants of a multi-tenant collection, by name",
      args: { collection: t.arg.string({ required: true }) },
      resolve: (_: unknown, args: { collection: string }, context: GraphQLContext) => ops(context).list(args.collection),
    }),
  }));

  builder.mutationFields((t: Builder) => ({
    createTenants: t.field({
      type: [TenantRef],
      nullable: false,
      description: "Creates the tenants that do not exist yet (without a status: ACTIVE); answers their current state",
      args: changes(t),
      resolve: async (_: unknown, args: { collection: string; tenants: TenantInput[] }, context: GraphQLContext) => {
        await ops(context).create(args.collection, bodyOf(args.tenants));
        return args.tenants.flatMap(({ name }) => ops(context).get(args.collection, name) ?? []);
      },
    }),
    updateTenants: t.field({
      type: [TenantRef],
      nullable: false,
      description: "Sets activity states; offloads and onloads answer OFFLOADING / ONLOADING until they end",
      args: changes(t),
      resolve: (_: unknown, args: { collection: string; tenants: TenantInput[] }, context: GraphQLContext) =>
        ops(context).update(args.collection, bodyOf(args.tenants)),
    }),
    deleteTenants: t.boolean({
      nullable: false,
      description: "Deletes tenants with their data; unknown names are ignored",
      args: {
        collection: t.arg.string({ required: true }),
        names: t.arg.stringList({ required: true }),
      },
      resolve: async (_: unknown, args: { collection: string; names: string[] }, context: GraphQLContext) => {
        await ops(context).delete(args.collection, args.names);
        return true;
      },
    }),
  }));
}
