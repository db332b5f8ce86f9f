#!/usr/bin/env bash
# Runs bench/bench.ts against a throw-away PostgreSQL (scripts/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/../../.."
. scripts/bootstrap.sh node postgres
. scripts/postgres.sh
idp_pg_start
trap idp_pg_stop EXIT
BENCH_POSTGRES_URL="$IDP_TEST_POSTGRES_URL" node --require @backstage/cli-node/config/nodeTransform.cjs plugins/cost-tracker-backend/bench/bench.ts
