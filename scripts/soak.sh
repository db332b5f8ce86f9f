#!/usr/bin/env bash
# Soak run: two backend replicas on one PostgreSQL and one Redis, a fixed-rate
# mix of catalog reads, searches, catalog refreshes (audited) and template
# runs, replica A killed and restarted at 40% of the run. A soak run, not a
# test; see packages/system-tests/bench/soak.ts and README "Soak run".
# Knobs: SOAK_MINUTES (10), SOAK_RATE (20 req/s), SOAK_KILL_AT (0.4).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh node postgres redis
. scripts/postgres.sh
. scripts/redis.sh
idp_pg_start
idp_redis_start
trap 'idp_redis_stop; idp_pg_stop' EXIT
node --require @backstage/cli-node/config/nodeTransform.cjs packages/system-tests/bench/soak.ts
