# syntax=docker/dockerfile:1
# Multi-stage image for the worker and the API (same image, different command; see docker-compose.yml).
#   deps    production dependencies only (npm ci --omit=dev)
#   build   all dependencies: type-check, then bundle the workflows once (dist/workflow-bundle.js)
#   runtime node:20 slim, production node_modules + sources + the prebuilt bundle, non-root user
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc --noEmit -p . \
 && npx tsx scripts/build-workflow-bundle.ts dist/workflow-bundle.js

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# Two glibc malloc arenas instead of one per thread (Temporal Core's and the workflow threads'): less worker
# RSS with claims waiting (BENCHMARKS.md, Memory).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
# Application files stay owned by root (read-only to the process); the process runs as the unprivileged `node` user.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/tsconfig.json ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/activities ./activities
COPY --from=build /app/carrier ./carrier
COPY --from=build /app/client ./client
COPY --from=build /app/config ./config
COPY --from=build /app/data ./data
COPY --from=build /app/domain ./domain
COPY --from=build /app/entry ./entry
COPY --from=build /app/notifications ./notifications
COPY --from=build /app/observability ./observability
COPY --from=build /app/provisioning ./provisioning
COPY --from=build /app/sandbox ./sandbox
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/storage ./storage
COPY --from=build /app/worker ./worker
COPY --from=build /app/workflows ./workflows
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8080 9464
# node runs the entry point directly (no npm wrapper), so SIGTERM reaches the process that drains.
# The V8 heap flags are worker/node-flags.ts (WORKER_NODE_FLAGS); test/unit/stack/compose.test.ts keeps them equal.
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=4", "--import", "tsx", "worker/main.ts"]
