#!/usr/bin/env bash
# Installs the peers of the ingest benchmark: Debian's clickhouse-server/-client (18.16) and
# DuckDB's shared library from the npm package @duckdb/node-api (pinned to the version the peer
# baselines in ../shared/bench/peers/duckdb used). Idempotent; prints what it installs.
#
# DuckDB goes to ${GROWLOOP_BENCH_CACHE:-~/.cache/growloop-bench}/duckdb (outside the work tree),
# where run_ingest_bench.py looks for node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so.
set -euo pipefail

DUCKDB_NODE_API_VERSION=1.5.6-r.1
cache="${GROWLOOP_BENCH_CACHE:-$HOME/.cache/growloop-bench}/duckdb"
SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo

if ! command -v clickhouse-client >/dev/null || ! { command -v clickhouse-server || [ -x /usr/sbin/clickhouse-server ]; } >/dev/null; then
  echo "installing clickhouse-server clickhouse-client (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  # apt may be locked by another install on a shared machine: wait for it instead of failing.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq clickhouse-server clickhouse-client >/dev/null
  # The package enables a systemd unit; the benchmark starts its own server on 127.0.0.1 instead.
fi

lib="$cache/node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so"
if [ ! -f "$lib" ]; then
  command -v npm >/dev/null || { echo "npm is missing (apt-get install -y npm)" >&2; exit 1; }
  echo "installing @duckdb/node-api@$DUCKDB_NODE_API_VERSION into $cache"
  mkdir -p "$cache"
  # A pruned lock file (like the peers' one, which lists only the linux-x64 binding) makes
  # `npm ci` refuse; a plain pinned install needs none.
  [ -f "$cache/package.json" ] || echo '{"name": "growloop-bench-duckdb", "private": true}' > "$cache/package.json"
  (cd "$cache" && npm install --no-audit --no-fund --save-exact "@duckdb/node-api@$DUCKDB_NODE_API_VERSION" >/dev/null)
  [ -f "$lib" ] || { echo "npm installed no $lib (not linux-x64 glibc?)" >&2; exit 1; }
fi
