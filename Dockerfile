# weaviate-graphql-ts: a Weaviate-compatible vector search service.
#   docker build -t weaviate-graphql-ts .
#   docker run -p 8080:8080 -p 50051:50051 -v weaviate-data:/var/lib/weaviate weaviate-graphql-ts
# The TypeScript sources run through tsx's loader (a runtime dependency): there is no separate
# compile step, so the image runs exactly what `npm test` tests.

# ---- build: native modules (hnswlib-node, rocksdb, zstd-napi; all Node-API) and runtime deps ----
FROM node:24-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# node-gyp builds against the image's own headers instead of downloading them.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
# Every native module is compiled here rather than taken prebuilt: rocksdb@5's prebuilt binary
# aborts at load (std::bad_alloc in a static initializer) on Node >= 22, whose binary exports
# std::regex template symbols the old prebuild binds to.
RUN npm_config_build_from_source=true npm ci --omit=dev --no-audit --no-fund \
 && node -e "require('rocksdb'); require('hnswlib-node'); require('zstd-napi')"

# ---- runtime ----
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    PERSISTENCE_DATA_PATH=/var/lib/weaviate \
    MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
# The image's unprivileged `node` user (uid 1000) owns only the data directory.
RUN mkdir -p /var/lib/weaviate && chown node:node /var/lib/weaviate
USER node
VOLUME /var/lib/weaviate
# 8080: REST + GraphQL; 50051: gRPC (GRPC_PORT); 2112: Prometheus metrics when
# PROMETHEUS_MONITORING_ENABLED=true.
EXPOSE 8080 50051 2112
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/v1/.well-known/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself; src/main.ts then stops accepting
# requests, saves the HNSW indexes and closes RocksDB before exiting.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
