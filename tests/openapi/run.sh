#!/usr/bin/env bash
# Fuzzes the JSON API from its OpenAPI document with Schemathesis, on SQLite and on
# PostgreSQL: every generated request (valid and invalid) must get an answer that is not a
# server error (5xx). Needs the release binary (cargo leptos build --release) and the venv
# that scripts/lib/setup.sh's ensure_schemathesis makes.
#
#   tests/openapi/run.sh [MAX_EXAMPLES]   # default 50 examples per operation and phase
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
binary="${REGIONWISE_BIN:-${root}/target/release/regionwise}"
max_examples="${1:-50}"
admin_url="${REGIONWISE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
[ -x "${binary}" ] || { echo "${binary} not found: run cargo leptos build --release" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
pg_database=""
cleanup() {
  [ -n "${server_pid}" ] && kill "${server_pid}" 2>/dev/null && wait "${server_pid}" 2>/dev/null || true
  [ -n "${pg_database}" ] && psql -q "${admin_url}" -c "DROP DATABASE IF EXISTS \"${pg_database}\" WITH (FORCE)" || true
  rm -rf "${work}"
}
trap cleanup EXIT

fuzz() {
  local backend="$1" database_url="$2"
  echo "==> Schemathesis on ${backend}"
  : > "${work}/out"
  env REGIONWISE_ADDR=127.0.0.1:0 REGIONWISE_DATA_DIR="${work}/data-${backend}" REGIONWISE_WRITE_LIMIT=0 \
    RUST_LOG=error ${database_url:+DATABASE_URL="${database_url}"} "${binary}" serve > "${work}/out" &
  server_pid=$!
  local base=""
  for _ in $(seq 1 100); do
    base="$(sed -n 's/^listening on //p' "${work}/out")"
    [ -n "${base}" ] && break
    sleep 0.1
  done
  [ -n "${base}" ] || { echo "the server did not start" >&2; exit 1; }
  local created
  created="$(curl -sf -X POST "${base}/api/v1/plans" -H 'content-type: application/json' \
    -d '{"name":"Fuzzed","pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["us-west-2"],"database":{"instance_class":"db.r6g.large"}}')"
  export REGIONWISE_PLAN_ID
  REGIONWISE_PLAN_ID="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"${created}")"
  local token
  token="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["edit_token"])' <<<"${created}")"
  # With the plan's token, edits and deletes reach past the access check; DELETE may remove
  # the plan part-way, after which its operations answer 404, as they should.
  "${here}/.venv/bin/schemathesis" --no-color --config-file "${here}/schemathesis.toml" run "${base}/api/v1/openapi.json" \
    --checks not_a_server_error --max-examples "${max_examples}" --request-timeout 20 \
    --header "Authorization: Bearer ${token}"
  kill "${server_pid}"; wait "${server_pid}" 2>/dev/null || true; server_pid=""
}

fuzz sqlite ""
pg_database="regionwise_schemathesis_$$"
psql -q "${admin_url}" -c "CREATE DATABASE \"${pg_database}\""
fuzz postgres "${admin_url%/*}/${pg_database}"
