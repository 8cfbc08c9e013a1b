/**
 * Tenants in GraphQL, on the same use case as REST: the types, and the root fields as field maps
 * for the roots to gather (query `tenants` in build-schema.ts; mutations `createTenants`,
 * `updateTenants`, `deleteTenants` in mutations.ts). Activity states use the current names
 * (ACTIVE, INACTIVE, OFFLOADED, OFFLOADING, ONLOADING) where REST keeps the legacy ones.
 * Use-case errors become GraphQL errors (errors.ts).
 */
import { type TenantStatus, tenantStatusNames } from "../domain/index.ts";
import type { Builder, MutationFields, QueryFields } from "./builder.ts";
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
  create(className: string, tenants: readonly TenantRequest[]): Promise<unknown>;
  update(className: string, tenants: readonly TenantRequest[]): Promise<TenantState[]>;
  delete(className: string, names: readonly string[]): Promise<void>;
}

/** Root fields that work while no class exists (they answer the use case's own errors then). */
export const tenantRootFields = new Set(["tenants"]);

const activityStatuses = ["ACTIVE", "INACTIVE", "OFFLOADED", "OFFLOADING", "ONLOADING"] as const;
type ActivityStatus = (typeof activityStatuses)[number];

/** A tenant of a create or update: its name and, if given, its state by its current name. */
export interface TenantRequest {
  name: string;
  activityStatus?: string;
}

interface TenantInput {
  name: string;
  activityStatus?: string | null;
}

/** GraphQL's absent-or-null status becomes an absent one. */
function requestsOf(tenants: readonly TenantInput[]): TenantRequest[] {
  return tenants.map(({ name, activityStatus }) => (activityStatus == null ? { name } : { name, activityStatus }));
}

/** Defines the tenant types; outputs are non-null (the builder's default is nullable). */
export function tenantTypes(builder: Builder) {
  const status = builder.enumType("TenantActivityStatus", {
    description: "A tenant's activity state",
    values: activityStatuses,
  });
  const tenant = builder.objectRef<TenantState>("Tenant").implement({
    description: "A tenant of a multi-tenant collection",
    fields: (t) => ({
      name: t.exposeString("name", { nullable: false }),
      activityStatus: t.field({
        type: status,
        nullable: false,
        // The domain's names are these five; graphql-js would refuse any other at serialization.
        resolve: (tenant) => tenantStatusNames[tenant.activityStatus] as ActivityStatus,
      }),
      error: t.string({
        nullable: true,
        description: "Why the last offload or onload failed",
        resolve: (tenant) => tenant.error ?? null,
      }),
    }),
  });
  const input = builder.inputType("TenantInput", {
    fields: (t) => ({
      name: t.string({ required: true }),
      activityStatus: t.field({ type: status }),
    }),
  });
  return { tenant, input };
}

export type TenantTypes = ReturnType<typeof tenantTypes>;

const ops = (context: GraphQLContext) => context.tenants;

/** Query field `tenants`. */
export function tenantQueries(t: QueryFields, types: TenantTypes) {
  return {
    tenants: t.field({
      type: [types.tenant],
      nullable: false,
      description: "The tenants of a multi-tenant collection, by name",
      args: { collection: t.arg.string({ required: true }) },
      resolve: (_root, args, context) => ops(context).list(args.collection),
    }),
  };
}

/** Mutation fields `createTenants`, `updateTenants`, `deleteTenants`. */
export function tenantMutations(t: MutationFields, types: TenantTypes) {
  const changes = () => ({
    collection: t.arg.string({ required: true }),
    tenants: t.arg({ type: [types.input], required: true }),
  });
  return {
    createTenants: t.field({
      type: [types.tenant],
      nullable: false,
      description: "Creates the tenants that do not exist yet (without a status: ACTIVE); answers their current state",
      args: changes(),
      resolve: async (_root, args, context) => {
        await ops(context).create(args.collection, requestsOf(args.tenants));
        return args.tenants.flatMap(({ name }) => ops(context).get(args.collection, name) ?? []);
      },
    }),
    updateTenants: t.field({
      type: [types.tenant],
      nullable: false,
      description: "Sets activity states; offloads and onloads answer OFFLOADING / ONLOADING until they end",
      args: changes(),
      resolve: (_root, args, context) => ops(context).update(args.collection, requestsOf(args.tenants)),
    }),
    deleteTenants: t.boolean({
      nullable: false,
      description: "Deletes tenants with their data; unknown names are ignored",
      args: {
        collection: t.arg.string({ required: true }),
        names: t.arg.stringList({ required: true }),
      },
      resolve: async (_root, args, context) => {
        await ops(context).delete(args.collection, args.names);
        return true;
      },
    }),
  };
}
