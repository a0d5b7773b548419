#!/usr/bin/env bash
# Fuzzes the JSON API from its OpenAPI document with Schemathesis, on SQLite and on
# PostgreSQL: every generated request (valid and invalid) must get an answer that is not a
# server error (5xx). Needs the release binary (cargo leptos build --release --split) and the venv
# that scripts/lib/setup.sh's ensure_schemathesis makes.
#
#   tests/openapi/run.sh [MAX_EXAMPLES]   # default 50 examples per operation and phase
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
binary="${REGIONWISE_BIN:-${root}/target/release/regionwise}"
max_examples="${1:-50}"
[ -x "${binary}" ] || { echo "${binary} not found: run cargo leptos build --release --split" >&2; exit 1; }

source "${root}/tests/lib/server.sh"
admin_url="$(postgres_admin_url)"
work="$(mktemp -d)"
pg_database=""
cleanup() {
  stop_server
  [ -n "${pg_database}" ] && psql -q "${admin_url}" -c "DROP DATABASE IF EXISTS \"${pg_database}\" WITH (FORCE)" || true
  rm -rf "${work}"
}
trap cleanup EXIT

fuzz() {
  local backend="$1" database_url="$2"
  echo "==> Schemathesis on ${backend}"
  start_server "${binary}" "${work}" "${database_url}"
  export REGIONWISE_PLAN_ID
  REGIONWISE_PLAN_ID="$(save_plan "${SERVER_URL}")"
  local token
  token="$(saved_plan_field edit_token)"
  # With the plan's token, edits and deletes reach past the access check; DELETE may remove
  # the plan part-way, after which its operations answer 404, as they should.
  "${here}/.venv/bin/schemathesis" --no-color --config-file "${here}/schemathesis.toml" run "${SERVER_URL}/api/v1/openapi.json" \
    --checks not_a_server_error --max-examples "${max_examples}" --request-timeout 20 \
    --header "Authorization: Bearer ${token}"
  stop_server
}

fuzz sqlite ""
pg_database="regionwise_schemathesis_$$"
psql -q "${admin_url}" -c "CREATE DATABASE \"${pg_database}\""
fuzz postgres "${admin_url%/*}/${pg_database}"
