#!/usr/bin/env bash
# Runs every check and test: install from the lockfile, type-check, lint,
# formatting, unit + integration tests (real PostgreSQL started here on a
# free port in a temp dir), and browser tests in headless Debian Chromium
# against the portal started with `yarn start`.
# Installs what is missing first (Node 22, yarn, mkdocs-techdocs-core,
# PostgreSQL, Chromium); re-running with everything present is fast.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh node python postgres chromium redis
# helm, conftest and the Kyverno CLI for the golden-path policy checks (policies/)
idp_bootstrap policy
. scripts/postgres.sh

step() { printf '\n=== %s\n' "$*"; }

step "install (yarn.lock, immutable)"
yarn install --immutable

step "type-check"
yarn tsc

step "lint"
yarn lint:all

step "catalog lint (catalog/)"
yarn lint:catalog

step "formatting"
yarn prettier:check

idp_pg_start
trap idp_pg_stop EXIT

reports="$(mktemp -d /tmp/idp-test-reports.XXXXXX)"

step "unit and integration tests"
jest_status=0
CI=true yarn backstage-cli repo test --json --outputFile="$reports/jest.json" || jest_status=$?

step "browser tests (Playwright, Debian Chromium)"
e2e_status=0
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" CI=true yarn test:e2e || e2e_status=$?

# One closing line with the totals (CI reads "N passed, N failed").
node scripts/summarize-tests.js "$reports/jest.json" "$reports/playwright.json"
[ "$jest_status" = 0 ] && [ "$e2e_status" = 0 ]
