#!/usr/bin/env bash
# Throw-away PostgreSQL for tests: a fresh cluster in a temp dir on a free
# port, trust auth on 127.0.0.1 only. Source it, then:
#   idp_pg_start   exports IDP_TEST_POSTGRES_URL and
#                  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
#                  (what @backstage/backend-test-utils' TestDatabases reads)
#   idp_pg_stop    stops the server and removes its directory
# Needs initdb/pg_ctl on PATH (scripts/bootstrap.sh postgres).

idp_pg_start() {
  IDP_PG_DIR="$(mktemp -d /tmp/idp-pg.XXXXXX)"
  IDP_PG_PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  export IDP_PG_DIR IDP_PG_PORT
  # PostgreSQL refuses to run as root; CI runs as root, so use its own user.
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$IDP_PG_DIR"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" initdb -D "$IDP_PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$IDP_PG_DIR/initdb.log" 2>&1 ||
    { cat "$IDP_PG_DIR/initdb.log" >&2; return 1; }
  "${as[@]}" pg_ctl -D "$IDP_PG_DIR/data" -l "$IDP_PG_DIR/server.log" -w -t 60 \
    -o "-p $IDP_PG_PORT -c listen_addresses=127.0.0.1 -k $IDP_PG_DIR -c max_connections=300 -c fsync=off" start >/dev/null ||
    { cat "$IDP_PG_DIR/server.log" >&2; return 1; }
  export IDP_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$IDP_PG_PORT"
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$IDP_TEST_POSTGRES_URL"
  printf '[postgres] test server on 127.0.0.1:%s (%s)\n' "$IDP_PG_PORT" "$IDP_PG_DIR" >&2
}

idp_pg_stop() {
  [ -n "${IDP_PG_DIR:-}" ] && [ -d "$IDP_PG_DIR/data" ] || return 0
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" pg_ctl -D "$IDP_PG_DIR/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$IDP_PG_DIR"
}

# Stop and start the same cluster (data kept), for tests of a database outage:
#   idp_pg_server_stop    immediate shutdown, like a crash or a failover
#   idp_pg_server_start   starts it again on the same port
# Both act on IDP_PG_DIR and IDP_PG_PORT from idp_pg_start.
idp_pg_server_stop() {
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" pg_ctl -D "$IDP_PG_DIR/data" -m immediate -w stop >/dev/null
}

idp_pg_server_start() {
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" pg_ctl -D "$IDP_PG_DIR/data" -l "$IDP_PG_DIR/server.log" -w -t 60 \
    -o "-p $IDP_PG_PORT -c listen_addresses=127.0.0.1 -k $IDP_PG_DIR -c max_connections=300 -c fsync=off" start >/dev/null ||
    { cat "$IDP_PG_DIR/server.log" >&2; return 1; }
}
