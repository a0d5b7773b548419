#!/usr/bin/env bash
# Load test of a saved plan's two read paths with wrk (Debian's package), on SQLite and on
# PostgreSQL: the share page GET /p/{id} and the API's GET /api/v1/plans/{id}, each beside
# the trivial GET /healthz of the same binary in the same run. Prints a Markdown table for
# BENCHMARKS.md. Needs the release build (cargo leptos build --release --split).
#
#   tests/bench/saved-plans.sh [CONNECTIONS] [SECONDS]   # default 64 connections, 10 s
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
binary="${REGIONWISE_BIN:-${root}/target/release/regionwise}"
connections="${1:-64}"
seconds="${2:-10}"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }

source "${root}/tests/lib/server.sh"
admin_url="$(postgres_admin_url)"
work="$(mktemp -d)"
pg_database="regionwise_bench_$$"
cleanup() {
  stop_server
  psql -q "${admin_url}" -c "DROP DATABASE IF EXISTS \"${pg_database}\" WITH (FORCE)" 2>/dev/null || true
  rm -rf "${work}"
}
trap cleanup EXIT

# wrk's requests/s and p99 (ms) for one URL.
measure() {
  local out rps p99
  out="$(wrk -t2 -c"${connections}" -d"${seconds}s" --latency "$1")"
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"${out}")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"${out}")"
  case "${p99}" in
    *us) p99="$(awk -v v="${p99%us}" 'BEGIN {printf "%.2f", v / 1000}')" ;;
    *ms) p99="${p99%ms}" ;;
    *s) p99="$(awk -v v="${p99%s}" 'BEGIN {printf "%.2f", v * 1000}')" ;;
  esac
  echo "${rps} ${p99}"
}

run() {
  local backend="$1" database_url="$2"
  start_server "${binary}" "${work}" "${database_url}"
  local base="${SERVER_URL}" id
  id="$(save_plan "${base}")"
  read -r trivial_rps trivial_p99 <<<"$(measure "${base}/healthz")"
  for path in "/p/${id}" "/api/v1/plans/${id}"; do
    read -r rps p99 <<<"$(measure "${base}${path}")"
    ratio="$(awk -v a="${rps}" -v b="${trivial_rps}" 'BEGIN {printf "%.1f%%", 100 * a / b}')"
    label="${path/${id}/{id\}}"
    echo "| ${backend} | \`GET ${label}\` | ${rps} | ${p99} ms | ${ratio} | ${trivial_rps} | ${trivial_p99} ms |"
  done
  stop_server
}

echo "| Database | Route | Requests/s | p99 | Share of /healthz's requests/s | /healthz requests/s (same run) | /healthz p99 |"
echo "|---|---|---:|---:|---:|---:|---:|"
run SQLite ""
psql -q "${admin_url}" -c "CREATE DATABASE \"${pg_database}\""
run PostgreSQL "${admin_url%/*}/${pg_database}"
