/**
 * The import rules of docs/architecture.md, checked by `npm run check` (dependency-cruiser).
 * Folders are grouped in layers; a rule names what a layer may not import. Imports between
 * folders go through the other folder's front door (index.ts); the composition root (main.ts,
 * app.ts, backup-wiring.ts) may import anything.
 */
const root = "^src/(main|app|backup-wiring)\\.ts$";
const transports = "^src/(http|graphql|grpc)/";
const useCases = "^src/(auth|collections|objects|search|tenants|backup|nodes|routing)/";
const adapters = "^src/(storage|vectorindex|shards|s3|backup-backends|offload-s3|metrics)/";
const kernel = "^src/(domain|errors|lib|config)/";

module.exports = {
  forbidden: [
    {
      name: "no-cycles-between-folders",
      severity: "error",
      comment:
        "No import cycle passes through two folders. (Inside a folder, a helper naming the type of the " +
        "service that calls it closes a cycle of types only; the parser cannot tell those from values.)",
      from: { path: "^src/([^/]+)/" },
      to: { circular: true, pathNot: "^src/$1/" },
    },
    {
      name: "front-door",
      severity: "error",
      comment: "Another folder is imported through its index.ts only.",
      from: { path: "^src/([^/]+)/", pathNot: root },
      to: { path: "^src/([^/]+)/.+", pathNot: ["^src/$1/", "^src/[^/]+/index\\.ts$"] },
    },
    {
      name: "nothing-imports-the-root",
      severity: "error",
      comment: "Nothing but the composition root itself imports the composition root.",
      from: { pathNot: root },
      to: { path: root },
    },
    {
      name: "transports-not-adapters",
      severity: "error",
      comment: "REST and GraphQL reach storage only through the use cases.",
      from: { path: transports },
      to: { path: adapters },
    },
    {
      name: "transports-not-each-other",
      severity: "error",
      comment: "Transports do not import each other; http hosts the GraphQL endpoint, so http → graphql is the one exception.",
      from: { path: transports, pathNot: "^src/http/" },
      to: { path: transports, pathNot: "^src/$1/" },
    },
    {
      name: "http-only-graphql",
      severity: "error",
      comment: "http imports no transport but graphql.",
      from: { path: "^src/http/" },
      to: { path: transports, pathNot: "^src/(http|graphql)/" },
    },
    {
      name: "use-cases-not-transports-or-adapters",
      severity: "error",
      comment: "Use cases take domain inputs and declare the ports adapters implement.",
      from: { path: useCases },
      to: { path: [transports, adapters] },
    },
    {
      name: "use-cases-not-each-other",
      severity: "error",
      comment: "A use case does not call another; the one exception: objects uses collections (auto-schema, name rules).",
      from: { path: useCases, pathNot: "^src/objects/" },
      to: { path: useCases, pathNot: "^src/$1/" },
    },
    {
      name: "objects-only-collections",
      severity: "error",
      comment: "objects may use collections, and no other use case.",
      from: { path: "^src/objects/" },
      to: { path: useCases, pathNot: "^src/(objects|collections)/" },
    },
    {
      name: "adapters-not-adapters",
      severity: "error",
      comment: "An adapter does not import another (the exceptions follow).",
      from: { path: adapters, pathNot: "^src/(shards|backup-backends|offload-s3)/" },
      to: { path: adapters, pathNot: "^src/$1/" },
    },
    {
      name: "shards-compose-storage-and-vectorindex",
      severity: "error",
      comment: "A shard is a RocksDB keyspace plus vector indexes: shards may use storage and vectorindex.",
      from: { path: "^src/shards/" },
      to: { path: adapters, pathNot: "^src/(shards|storage|vectorindex)/" },
    },
    {
      name: "s3-stores-on-s3",
      severity: "error",
      comment: "backup-s3 and offload-s3 are built on the one S3 object store.",
      from: { path: "^src/(backup-backends|offload-s3)/" },
      to: { path: adapters, pathNot: ["^src/$1/", "^src/s3/"] },
    },
    {
      name: "adapters-not-transports",
      severity: "error",
      comment: "Adapters know nothing of REST or GraphQL; metrics, their observer, only through their front doors.",
      from: { path: adapters, pathNot: "^src/metrics/" },
      to: { path: transports },
    },
    {
      name: "adapters-not-use-cases",
      severity: "error",
      comment: "Adapters implement ports; only the two below import the use case that declares theirs.",
      from: { path: adapters, pathNot: "^src/(backup-backends|offload-s3)/" },
      to: { path: useCases },
    },
    {
      name: "backup-backends-implement-backup",
      severity: "error",
      comment: "backup-backends implement the backup use case's BackupBackend port.",
      from: { path: "^src/backup-backends/" },
      to: { path: useCases, pathNot: "^src/backup/" },
    },
    {
      name: "offload-s3-implements-tenants",
      severity: "error",
      comment: "offload-s3 implements the tenants use case's OffloadStore port.",
      from: { path: "^src/offload-s3/" },
      to: { path: useCases, pathNot: "^src/tenants/" },
    },
    {
      name: "filters-below-use-cases",
      severity: "error",
      comment: "filters is domain-level: it imports domain, errors and lib only.",
      from: { path: "^src/filters/" },
      to: { path: "^src/", pathNot: ["^src/filters/", "^src/(domain|errors|lib)/"] },
    },
    {
      name: "kernel-is-a-leaf",
      severity: "error",
      comment: "domain, errors, lib and config import nothing outside the kernel.",
      from: { path: kernel },
      to: { path: "^src/", pathNot: kernel },
    },
  ],
  allowed: undefined,
  options: {
    parser: "swc",
    tsPreCompilationDeps: false,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    includeOnly: "^src/",
  },
};
