#!/usr/bin/env bash
# The portal as shipped beside stock Backstage (catalog plugin only): the
# same PostgreSQL, entities and fixed-rate reads, alternating runs, medians
# and ours/stock ratios of p50/p99, ingestion time and memory. A benchmark,
# not a test; see packages/system-tests/bench/sideBySide.ts.
# Knobs: BENCH_SKIP_BUILD, BENCH_ENTITIES (20000), BENCH_RUNS (3 of each), BENCH_SECONDS (15),
# BENCH_PROFILE=<dir> (heap snapshots after ingestion, CPU profiles of ingestion and
# each load, both sides).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh node postgres redis
# Ours runs as the container image does: the production bundle of
# packages/backend (the Dockerfile's build steps). BENCH_SKIP_BUILD=1 reuses
# the last one.
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  yarn tsc
  yarn --cwd packages/backend build
fi
. scripts/postgres.sh
. scripts/redis.sh
idp_pg_start
idp_redis_start
trap 'idp_redis_stop; idp_pg_stop' EXIT
node --require @backstage/cli-node/config/nodeTransform.cjs packages/system-tests/bench/sideBySide.ts
