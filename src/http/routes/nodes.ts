/**
 * GET /v1/nodes[/{className}] and GET /v1/cluster/statistics in Weaviate's shapes: minimal
 * output has `shards: null` and no `stats`; verbose adds both. The Raft figures of the
 * statistics are those of a one-node cluster that has never needed a snapshot.
 */
import type { FastifyInstance } from "fastify";
import { unprocessable } from "../../errors/index.ts";
import type { NodeShardStatus, NodeStatus, StatusQuery } from "../../nodes/index.ts";
import type { HttpDeps } from "../context.ts";

type NodesRequest = {
  Params: { className?: string };
  Querystring: { output?: string; shardName?: string };
};

function parseOutput(raw: string | undefined): StatusQuery["output"] {
  // batchStatus is accepted by Weaviate too and answers as minimal.
  if (raw === undefined || raw === "" || raw === "minimal" || raw === "batchStatus") return "minimal";
  if (raw === "verbose") return "verbose";
  throw unprocessable(`invalid output: "${raw}", possible values are: "minimal", "verbose"`);
}

const shardJson = (shard: NodeShardStatus) => ({
  asyncReplicationStatus: [],
  class: shard.className,
  compressed: false,
  loaded: true,
  name: shard.name,
  numberOfReplicas: 1,
  objectCount: shard.objectCount,
  replicationFactor: 1,
  vectorIndexingStatus: shard.status,
  vectorQueueLength: 0,
});

const nodeJson = (node: NodeStatus) => ({
  batchStats: { queueLength: 0, ratePerSecond: 0 },
  gitHash: node.gitHash,
  name: node.name,
  // Go encodes a nil slice as null: minimal output, and verbose output with no shard at all.
  shards: node.shards && node.shards.length > 0 ? node.shards.map(shardJson) : null,
  ...(node.stats ? { stats: node.stats } : {}),
  status: node.status,
  version: node.version,
});

/** The Raft part of a one-node cluster's statistics (Weaviate reports hashicorp/raft's Stats()). */
function raftJson(self: { name: string; address: string }) {
  return {
    appliedIndex: "1",
    commitIndex: "1",
    fsmPending: "0",
    lastContact: "0",
    lastLogIndex: "1",
    lastLogTerm: "1",
    lastSnapshotIndex: "0",
    lastSnapshotTerm: "0",
    latestConfiguration: [{ address: self.address, id: self.name, suffrage: 0 }],
    latestConfigurationIndex: "0",
    numPeers: "0",
    protocolVersion: "3",
    protocolVersionMax: "3",
    protocolVersionMin: "0",
    snapshotVersionMax: "1",
    snapshotVersionMin: "0",
    state: "Leader",
    term: "1",
  };
}

export function nodeRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { nodes } = deps;
  const handler = async (request: { params: NodesRequest["Params"]; query: NodesRequest["Querystring"] }) => {
    const statuses = nodes.status({
      output: parseOutput(request.query.output),
      className: request.params.className,
      shardName: request.query.shardName,
    });
    return { nodes: statuses.map(nodeJson) };
  };
  app.get<NodesRequest>("/v1/nodes", handler);
  app.get<NodesRequest>("/v1/nodes/:className", handler);

  app.get("/v1/cluster/statistics", async () => ({
    statistics: nodes.members().map((member) => {
      // Weaviate's Raft port; there is no Raft here, the address only names the node.
      const address = `${member.name}:8300`;
      return {
        bootstrapped: true,
        candidates: {},
        dbLoaded: true,
        isVoter: true,
        leaderAddress: `${member.leader}:8300`,
        leaderId: member.leader,
        name: member.name,
        open: true,
        raft: raftJson({ name: member.name, address }),
        ready: true,
        status: "HEALTHY",
      };
    }),
    synchronized: true,
  }));
}
