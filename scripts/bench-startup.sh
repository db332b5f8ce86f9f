#!/usr/bin/env bash
# Prints backend start time and resident memory on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh node python postgres
. scripts/postgres.sh
idp_pg_start
trap idp_pg_stop EXIT
node --require @backstage/cli-node/config/nodeTransform.cjs packages/system-tests/bench/startup.ts
