#!/usr/bin/env bash
# Catalog reads through one and two backend replicas (one PostgreSQL, one
# Redis, 10,000 entities): requests/s and p99 side by side, with the scaling
# factor. A benchmark, not a test; see packages/system-tests/bench/scale.ts.
# Knobs: BENCH_ENTITIES (10000), BENCH_SECONDS (15), BENCH_CONNECTIONS (20).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh node postgres redis
. scripts/postgres.sh
. scripts/redis.sh
idp_pg_start
idp_redis_start
trap 'idp_redis_stop; idp_pg_stop' EXIT
node --require @backstage/cli-node/config/nodeTransform.cjs packages/system-tests/bench/scale.ts
