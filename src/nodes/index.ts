/** This node's status and the cluster statistics of a one-node cluster. */
export {
  type NodeCatalog,
  type NodeIdentity,
  type NodeShards,
  type NodeShardStatus,
  type NodeStatus,
  NodesService,
  type StatusQuery,
} from "./service.ts";
