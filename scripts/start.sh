#!/usr/bin/env bash
# Starts the portal on the laptop default: SQLite under .local-data/, the org
# from catalog/, guest sign-in, TechDocs built locally by mkdocs. Installs
# what is missing first.
#
#   ./scripts/start.sh          the portal on http://localhost:7007: a
#                               production build of the frontend (rebuilt when
#                               a frontend source changed), served by the backend
#   ./scripts/start.sh --dev    hot reload for people editing plugins: frontend
#                               dev server on http://localhost:3000, backend :7007
#
# Further arguments go to the backend (e.g. --config app-config.yaml --config extra.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh node python
yarn install --immutable

# Laptop demo billing data (app-config.yaml costTracker.focus.directories):
# the last 90 days of costs for the components of catalog/.
node --require @backstage/cli-node/config/nodeTransform.cjs \
  plugins/cost-tracker-backend/dev/seedDemoCosts.ts \
  catalog/all.yaml .local-data/cost-tracker/focus/demo-export.csv

if [ "${1:-}" = "--dev" ]; then
  shift
  export APP_CONFIG_app_baseUrl=http://localhost:3000
  export APP_CONFIG_backend_cors_origin=http://localhost:3000
  exec yarn start "$@"
fi

# The frontend bundle is built again only when something it is made of is
# newer than the last build (sources, package manifests, the lockfile).
stamp=packages/app/dist/.build-stamp
if [ ! -f "$stamp" ] ||
  [ -n "$(find packages/app plugins yarn.lock app-config.yaml \
    -path '*/node_modules' -prune -o -path '*/dist' -prune -o \
    -path '*/dist-types' -prune -o -newer "$stamp" -type f -print -quit)" ]; then
  echo "[start] building the frontend (packages/app/dist)" >&2
  yarn workspace app build
  touch "$stamp"
fi
cd packages/backend
exec yarn start "$@"
