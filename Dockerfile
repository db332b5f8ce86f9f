# Production image of the portal: a multi-stage build that needs nothing but
# the repository (no host-side yarn install or build). It follows the
# "Multi-stage Build" of the Backstage docs (docs/deployment/docker.md).
#
#   docker build . -f Dockerfile --tag idp-portal     (or: yarn build-image)
#   docker compose up --build                         (with a PostgreSQL; see docker-compose.yml)
#
# The container runs
#   node packages/backend --config app-config.yaml --config app-config.production.yaml
# so every ${VAR} in app-config.production.yaml must be set in its environment
# (.env.example lists them). packages/system-tests/src/deploy/containerConfig.test.ts
# checks this file against docker-compose.yml, .env.example, .dockerignore and
# the app-config files.
#
# BuildKit is required (the default builder of current Docker releases): the
# RUN cache mounts below and `USER node` before `WORKDIR` rely on it.

# Stage 1 - Create yarn install skeleton layer: only the package.json files,
# so that the dependency install below is cached until one of them changes.
FROM node:22-bookworm-slim AS packages

WORKDIR /app
COPY backstage.json package.json yarn.lock ./
COPY .yarn ./.yarn
COPY .yarnrc.yml ./

COPY packages packages
COPY plugins plugins

RUN find packages \! -name "package.json" -mindepth 2 -maxdepth 2 -exec rm -rf {} \+ && \
    find plugins \! -name "package.json" -mindepth 2 -maxdepth 2 -exec rm -rf {} \+

# Stage 2 - Install dependencies and build packages
FROM node:22-bookworm-slim AS build

# Set Python interpreter for `node-gyp` to use
ENV PYTHON=/usr/bin/python3

# Toolchain for native modules (node-gyp) and the sqlite3 headers for
# better-sqlite3, which the laptop default config uses.
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && \
    apt-get install -y --no-install-recommends python3 g++ build-essential libsqlite3-dev && \
    rm -rf /var/lib/apt/lists/*

USER node
WORKDIR /app

COPY --from=packages --chown=node:node /app .

RUN --mount=type=cache,target=/home/node/.cache/yarn,sharing=locked,uid=1000,gid=1000 \
    yarn install --immutable

COPY --chown=node:node . .

RUN yarn tsc
RUN yarn --cwd packages/backend build

RUN mkdir packages/backend/dist/skeleton packages/backend/dist/bundle && \
    tar xzf packages/backend/dist/skeleton.tar.gz -C packages/backend/dist/skeleton && \
    tar xzf packages/backend/dist/bundle.tar.gz -C packages/backend/dist/bundle

# Stage 3 - Build the actual backend image and install production dependencies
FROM node:22-bookworm-slim

# Set Python interpreter for `node-gyp` to use (the TechDocs venv below comes
# first on PATH, so `python3` alone would be the venv's).
ENV PYTHON=/usr/bin/python3

# Toolchain for native modules, sqlite3 headers, and python3-venv for TechDocs.
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && \
    apt-get install -y --no-install-recommends python3 python3-venv g++ build-essential libsqlite3-dev && \
    rm -rf /var/lib/apt/lists/*

# TechDocs is built in the backend (techdocs.builder: local, generator.runIn:
# local in app-config.yaml), which runs `mkdocs` with the techdocs-core plugin;
# fetch:cookiecutter runs a local `cookiecutter` (no Docker in the pod).
RUN python3 -m venv /opt/techdocs-venv && \
    /opt/techdocs-venv/bin/pip install --no-cache-dir --disable-pip-version-check 'mkdocs-techdocs-core==1.*' 'cookiecutter==2.7.1'
ENV PATH="/opt/techdocs-venv/bin:${PATH}"

# From here on we use the least-privileged `node` user to run the backend.
USER node

# This should create the app dir as `node`. If it is instead created as `root`
# (BuildKit disabled), the `yarn workspaces focus` below fails with EACCES.
WORKDIR /app

# Copy the install dependencies from the build stage and context
COPY --from=build --chown=node:node /app/.yarn ./.yarn
COPY --from=build --chown=node:node /app/.yarnrc.yml ./
COPY --from=build --chown=node:node /app/backstage.json ./
COPY --from=build --chown=node:node /app/yarn.lock /app/package.json /app/packages/backend/dist/skeleton/ ./

RUN --mount=type=cache,target=/home/node/.cache/yarn,sharing=locked,uid=1000,gid=1000 \
    yarn workspaces focus --all --production && rm -rf "$(yarn cache clean)"

# Copy the built packages from the build stage
COPY --from=build --chown=node:node /app/packages/backend/dist/bundle/ ./

# Copy any other files that we need at runtime: the config the CMD loads, and
# the catalog and Software Templates that app-config.production.yaml registers
# as file locations (./catalog/all.yaml, ./templates/all.yaml, relative to /app).
COPY --chown=node:node app-config.yaml app-config.production.yaml ./
COPY --chown=node:node catalog ./catalog
COPY --chown=node:node templates ./templates
# OpenTelemetry: Prometheus metrics on :9464/metrics, loaded before the backend.
COPY --chown=node:node packages/backend/src/instrumentation.js ./

# This switches many Node.js dependencies to production mode.
ENV NODE_ENV=production
# Two malloc arenas instead of glibc's default of eight per core: glibc's
# arenas hold ~9 MiB with two against ~23 MiB with the default (smaps of the
# backend after 20,000 entities and the read load). Most resident memory is
# V8's heap, see the CMD.
ENV MALLOC_ARENA_MAX=2

EXPOSE 7007 9464

# Ready once every plugin has started (the endpoint comes with the backend's
# root health service). The slim image has no curl, so node asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["node", "-e", "require('http').get('http://127.0.0.1:7007/.backstage/health/v1/readiness', r => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"]

# --heap-growing-percent=200: V8 lets the heap grow to three times what was
# live after the last full collection before collecting again. Its default on
# a machine with plenty of memory is up to four times, and that slack, not
# native memory, was most of the backend's resident memory (~1.2-1.6 GiB
# after 20,000 entities and the read load, ~250 MiB of it live). Measured
# side by side with stock Backstage (scripts/bench-side-by-side.sh, which
# starts the backend with this CMD's flags; 3 alternating runs each):
#   200: ~1.06-1.08 GiB after the load (1.19-1.34x stock), by-name p99
#        1.03-1.35x stock (two comparisons on 2026-12-07)
#   100: ~0.70 GiB (0.77x), but by-name p99 1.57x and slower ingestion:
#        collecting twice as often takes that CPU from requests on 2 cores.
# In a pod, V8 also scales this factor down when the container's memory
# limit is small.
CMD ["node", "--heap-growing-percent=200", "--require", "./instrumentation.js", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
