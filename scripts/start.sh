#!/usr/bin/env bash
# Starts the portal on the laptop default: frontend on http://localhost:3000,
# backend on :7007, SQLite under .local-data/, the org from catalog/, guest
# sign-in, TechDocs built locally by mkdocs. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh node python
yarn install --immutable
exec yarn start "$@"
