/** Per-request GraphQL state and what the resolvers need from the search use case. */
import type {
  AggregateGroup,
  AggregateParams,
  Collection,
  ExploreHit,
  ExploreParams,
  GetParams,
  SearchHit,
} from "../domain/index.ts";
import type { BackupOperations } from "./backup-schema.ts";
import type { ReferenceEntry } from "./get-types.ts";
import type { TenantOperations } from "./tenant-schema.ts";

/** The search use cases, as the GraphQL layer calls them. */
export interface SearchUseCases {
  get(params: GetParams): Promise<SearchHit[]>;
  aggregate(params: AggregateParams): Promise<AggregateGroup[]>;
  explore(params: ExploreParams): Promise<ExploreHit[]>;
  /** A resolver of references, batched per level, for one request. */
  referenceResolver(collection: (className: string) => Collection | undefined): ReferenceResolver;
}

/** What a Get (or a resolved reference) hands to the fields of a class type. */
export interface ResultObject {
  hit: SearchHit;
  collection: Collection;
  tenant?: string;
}

export interface ReferenceResolver {
  /** The objects a reference property of `source` points to, batched per request and level. */
  load(source: ResultObject, property: string): Promise<ReferenceEntry[]>;
}

export interface GraphQLLimits {
  defaultLimit: number;
  defaultLimitGraphql: number;
  maximumResults: number;
  crossReferenceDepth: number;
}

export interface GraphQLContext {
  search: SearchUseCases;
  backups: BackupOperations;
  tenants: TenantOperations;
  references: ReferenceResolver;
  limits: GraphQLLimits;
  /** Looks up a collection by exact class name in the schema the request runs against. */
  collection(className: string): Collection | undefined;
}
