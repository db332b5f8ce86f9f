#!/usr/bin/env bash
# Throw-away Redis for tests and benchmarks: a redis-server on a free port of
# 127.0.0.1, data in a temp dir, no persistence. Source it, then:
#   idp_redis_start   exports IDP_TEST_REDIS_URL (redis://127.0.0.1:<port>)
#   idp_redis_stop    stops the server and removes its directory
# Needs redis-server on PATH (scripts/bootstrap.sh redis). The jest tests in
# packages/system-tests/src/scale start their own server and do not need this.

idp_redis_start() {
  IDP_REDIS_DIR="$(mktemp -d /tmp/idp-redis.XXXXXX)"
  IDP_REDIS_PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  export IDP_REDIS_DIR IDP_REDIS_PORT
  redis-server --port "$IDP_REDIS_PORT" --bind 127.0.0.1 --dir "$IDP_REDIS_DIR" \
    --save '' --appendonly no --daemonize yes --pidfile "$IDP_REDIS_DIR/redis.pid" \
    --logfile "$IDP_REDIS_DIR/redis.log" ||
    { cat "$IDP_REDIS_DIR/redis.log" >&2; return 1; }
  local i
  for i in $(seq 1 50); do
    redis-cli -p "$IDP_REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  redis-cli -p "$IDP_REDIS_PORT" ping 2>/dev/null | grep -q PONG ||
    { cat "$IDP_REDIS_DIR/redis.log" >&2; return 1; }
  export IDP_TEST_REDIS_URL="redis://127.0.0.1:$IDP_REDIS_PORT"
  printf '[redis] test server on 127.0.0.1:%s (%s)\n' "$IDP_REDIS_PORT" "$IDP_REDIS_DIR" >&2
}

idp_redis_stop() {
  [ -n "${IDP_REDIS_DIR:-}" ] && [ -d "$IDP_REDIS_DIR" ] || return 0
  [ -f "$IDP_REDIS_DIR/redis.pid" ] && kill "$(cat "$IDP_REDIS_DIR/redis.pid")" 2>/dev/null
  rm -rf "$IDP_REDIS_DIR"
}
