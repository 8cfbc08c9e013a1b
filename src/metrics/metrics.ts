/**
 * The service's Prometheus metrics, in a registry of their own (one per running app, so tests can
 * run several). Counters and histograms are updated as things happen (HTTP hooks, the GraphQL
 * executor's plugin, the backup port); object counts, vector index sizes and tenant states are read
 * from the storage when Prometheus scrapes. Names follow Weaviate's where Weaviate has the metric;
 * ours carry a `weaviate_` prefix.
 */
import type { ExecutionResult } from "graphql";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { type OperationSummary, outcomeOf } from "./graphql.ts";

/** What the scrape-time gauges read (the storage's side, as this module needs it). */
export interface MetricsSources {
  collections: { list(): ReadonlyArray<{ class: string; multiTenancyConfig: { enabled: boolean } }> };
  /** The open shards of a collection (a multi-tenant collection's loaded tenants). */
  shardsOf(className: string): ReadonlyArray<{ objectCount: number; vectorCount(): Promise<number> }>;
  /** A multi-tenant collection's tenants, each with its state in the current names. */
  tenantStates(className: string): string[];
}

/** Tenant states in Weaviate's current names; each multi-tenant collection reports all of them. */
export const TENANT_STATES = ["ACTIVE", "INACTIVE", "OFFLOADED", "OFFLOADING", "ONLOADING"] as const;

const BACKUP_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time (in seconds) spent serving requests, by route pattern and status code",
    labelNames: ["method", "route", "status_code"] as const,
    registers: [this.registry],
  });

  private readonly graphqlOperations = new Counter({
    name: "weaviate_graphql_operations_total",
    help: "GraphQL requests, by operation type and root field (root_field=none: nothing ran)",
    labelNames: ["operation_type", "root_field"] as const,
    registers: [this.registry],
  });

  private readonly graphqlErrors = new Counter({
    name: "weaviate_graphql_errors_total",
    help: "GraphQL requests whose reply carried errors, by operation type and root field",
    labelNames: ["operation_type", "root_field"] as const,
    registers: [this.registry],
  });

  private readonly graphqlDuration = new Histogram({
    name: "weaviate_graphql_operation_duration_seconds",
    help: "Time (in seconds) to answer a GraphQL request, by operation type and root field",
    labelNames: ["operation_type", "root_field"] as const,
    registers: [this.registry],
  });

  private readonly backupDuration = new Histogram({
    name: "weaviate_backup_duration_seconds",
    help: "Duration of backups and restores from request to final status, by backend, operation and status",
    labelNames: ["backend_name", "operation", "status"] as const,
    buckets: BACKUP_BUCKETS,
    registers: [this.registry],
  });

  private readonly backupBytes = new Counter({
    name: "weaviate_backup_transferred_bytes_total",
    help: "Bytes written to (backup) or read from (restore) backup backends, by backend, operation and status",
    labelNames: ["backend_name", "operation", "status"] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: "object_count",
      help: "Objects per collection, in its loaded shards (all loaded tenants together)",
      labelNames: ["class_name"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { class: name } of sources.collections.list()) {
          this.set({ class_name: name }, sources.shardsOf(name).reduce((sum, shard) => sum + shard.objectCount, 0));
        }
      },
    });
    new Gauge({
      name: "vector_index_size",
      help: "Vectors in the vector indexes per collection (loaded shards, all named vectors together)",
      labelNames: ["class_name"] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { class: name } of sources.collections.list()) {
          const sizes = await Promise.all(
            // A shard closing meanwhile (tenant deactivated, shutdown) counts as empty.
            sources.shardsOf(name).map((shard) => shard.vectorCount().catch(() => 0)),
          );
          this.set({ class_name: name }, sizes.reduce((sum, size) => sum + size, 0));
        }
      },
    });
    new Gauge({
      name: "weaviate_tenants",
      help: "Tenants per multi-tenant collection and activity status",
      labelNames: ["class_name", "status"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const collection of sources.collections.list()) {
          if (!collection.multiTenancyConfig.enabled) continue;
          const counts = new Map<string, number>(TENANT_STATES.map((state) => [state, 0]));
          let states: string[];
          try {
            states = sources.tenantStates(collection.class);
          } catch {
            continue; // deleted since the list was read
          }
          for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
          for (const [status, count] of counts) this.set({ class_name: collection.class, status }, count);
        }
      },
    });
  }

  /** Records one GraphQL request, summarised (graphql.ts): `result` undefined when it threw. */
  graphqlRequest(summary: OperationSummary, seconds: number, result?: ExecutionResult): void {
    const outcome = outcomeOf(summary, result);
    for (const [field, failed] of outcome.fields) {
      const labels = { operation_type: outcome.type, root_field: field };
      this.graphqlOperations.inc(labels);
      this.graphqlDuration.observe(labels, seconds);
      if (failed) this.graphqlErrors.inc(labels);
    }
  }

  /** The backup coordinator's metrics port. */
  backupFinished(event: { kind: string; backend: string; status: string; seconds: number; bytes: number }): void {
    const labels = { backend_name: event.backend, operation: event.kind, status: event.status };
    this.backupDuration.observe(labels, event.seconds);
    this.backupBytes.inc(labels, event.bytes);
  }
}
