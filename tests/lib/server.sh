# Sourced by the shell-driven suites (tests/openapi/run.sh, tests/bench/saved-plans.sh): the
# release server on a free port, without the write limit, and one saved plan.

# The PostgreSQL server the suites create their databases on: REGIONWISE_TEST_POSTGRES_URL, or
# the default crates/test-postgres declares (read from its source, like tests/lib/postgres.mjs,
# so the default is written once).
postgres_admin_url() {
  if [ -n "${REGIONWISE_TEST_POSTGRES_URL:-}" ]; then
    printf '%s' "${REGIONWISE_TEST_POSTGRES_URL}"
    return
  fi
  local source; source="$(dirname "${BASH_SOURCE[0]}")/../../crates/test-postgres/src/lib.rs"
  local url; url="$(sed -n 's/^pub const DEFAULT_ADMIN_URL: &str = "\(.*\)";$/\1/p' "${source}")"
  if [ -z "${url}" ]; then
    echo "${source}: no DEFAULT_ADMIN_URL to read the default PostgreSQL URL from" >&2
    return 1
  fi
  printf '%s' "${url}"
}

# start_server BINARY WORKDIR [DATABASE_URL]: starts `BINARY serve` (on the SQLite file in
# WORKDIR/data, or on DATABASE_URL) and sets SERVER_PID and SERVER_URL once it listens;
# SERVER_WORK is WORKDIR, where save_plan keeps its answer.
start_server() {
  local binary="$1" work="$2" database_url="${3:-}"
  SERVER_WORK="${work}"
  : > "${work}/server.out"
  env REGIONWISE_ADDR=127.0.0.1:0 REGIONWISE_DATA_DIR="${work}/data" REGIONWISE_WRITE_LIMIT=0 REGIONWISE_COMPUTE_LIMIT=0 RUST_LOG=error \
    ${database_url:+DATABASE_URL="${database_url}"} "${binary}" serve > "${work}/server.out" &
  SERVER_PID=$!
  SERVER_URL=""
  for _ in $(seq 1 100); do
    SERVER_URL="$(sed -n 's/^listening on //p' "${work}/server.out")"
    [ -n "${SERVER_URL}" ] && return 0
    sleep 0.1
  done
  echo "the server did not start within 10 s" >&2
  return 1
}

stop_server() {
  if [ -n "${SERVER_PID:-}" ]; then
    kill "${SERVER_PID}" 2>/dev/null || true
    wait "${SERVER_PID}" 2>/dev/null || true
    SERVER_PID=""
  fi
}

# save_plan URL: saves a 2-region warm-standby plan and prints its id; saved_plan_field
# FIELD then prints another field of the answer (`edit_token`).
save_plan() {
  curl -sf -X POST "$1/api/v1/plans" -H 'content-type: application/json' \
    -d '{"name":"Test plan","pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["eu-west-1"],"database":{"instance_class":"db.r6g.large"}}' \
    > "${SERVER_WORK}/created.json"
  saved_plan_field id
}

saved_plan_field() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "${SERVER_WORK}/created.json" "$1"
}
