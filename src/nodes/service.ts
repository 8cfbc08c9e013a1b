/**
 * What this node holds, for GET /v1/nodes (Weaviate's node status) and GET
 * /v1/cluster/statistics: one node, always HEALTHY while it answers, its shards with their
 * object counts and statuses. There is no cluster (no Raft), so the statistics describe a
 * single-node cluster that leads itself, as a one-node Weaviate reports it.
 */
import type { Collection } from "../domain/index.ts";
import { notFound } from "../errors/index.ts";

/** The collections, as the node status lists them. */
export interface NodeCatalog {
  list(): Collection[];
  get(name: string): Collection | undefined;
}

/** The shards with data on this node (a class's shards, or its open tenants'). */
export interface NodeShards {
  shardsOf(className: string): Array<{ name: string; objectCount: number; status: string }>;
}

export interface NodeIdentity {
  /** CLUSTER_HOSTNAME. */
  name: string;
  version: string;
  gitHash: string;
}

export interface NodeShardStatus {
  name: string;
  className: string;
  objectCount: number;
  status: string;
}

export interface NodeStatus {
  name: string;
  status: "HEALTHY";
  version: string;
  gitHash: string;
  /** Only with verbose output. */
  stats?: { objectCount: number; shardCount: number };
  shards?: NodeShardStatus[];
}

export interface StatusQuery {
  output: "minimal" | "verbose";
  className?: string;
  shardName?: string;
}

export class NodesService {
  constructor(
    private readonly catalog: NodeCatalog,
    private readonly shards: NodeShards,
    private readonly identity: NodeIdentity,
  ) {}

  /** This node's status; with a class, only that class's shards (and one shard with shardName). */
  status(query: StatusQuery): NodeStatus[] {
    const { name, version, gitHash } = this.identity;
    const node: NodeStatus = { name, status: "HEALTHY", version, gitHash };
    const classes = this.classes(query.className);
    if (query.output === "minimal") return [node];
    const shards = classes.flatMap((collection) =>
      this.shards
        .shardsOf(collection.class)
        .filter((shard) => query.shardName === undefined || shard.name === query.shardName)
        .map((shard) => ({ ...shard, className: collection.class })),
    );
    node.shards = shards;
    node.stats = { objectCount: shards.reduce((sum, shard) => sum + shard.objectCount, 0), shardCount: shards.length };
    return [node];
  }

  private classes(className: string | undefined): Collection[] {
    if (className === undefined) return this.catalog.list();
    const collection = this.catalog.get(className);
    if (!collection) throw notFound(`class "${className}" not found`);
    return [collection];
  }

  /** The members of the cluster for its statistics: this node alone, its own leader. */
  members(): Array<{ name: string; leader: string }> {
    return [{ name: this.identity.name, leader: this.identity.name }];
  }
}
