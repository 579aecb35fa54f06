#!/usr/bin/env bash
# Installs the peers of the query benchmark (the engines of ../shared/bench/peers):
#   ClickHouse 18.16  Debian clickhouse-server + clickhouse-client
#   PostgreSQL 15     Debian postgresql-15 (the peer script runs /usr/lib/postgresql/15/bin/*
#                     as the `postgres` OS user, which the package creates)
#   pandas            Debian python3-pandas, used through /usr/bin/python3
#   DuckDB            npm @duckdb/node-api (pinned to the peers' version) in a cache directory
#                     outside the work tree: ${GROWLOOP_BENCH_CACHE:-~/.cache/growloop-bench}/duckdb
# Idempotent; prints only what it installs. A peer that cannot be installed is reported and
# skipped (run_query_bench.py then reports that peer as failed); the script still exits 0 so the
# rest of the benchmark runs.
set -uo pipefail

DUCKDB_NODE_API_VERSION=1.5.6-r.1
cache="${GROWLOOP_BENCH_CACHE:-$HOME/.cache/growloop-bench}/duckdb"
SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

missing=()
{ command -v clickhouse-client && { command -v clickhouse-server || [ -x /usr/sbin/clickhouse-server ]; }; } \
  >/dev/null || missing+=(clickhouse-server clickhouse-client)
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] && id postgres >/dev/null 2>&1 || missing+=(postgresql-15)
/usr/bin/python3 -c 'import pandas, numpy' >/dev/null 2>&1 || missing+=(python3-pandas)
command -v runuser >/dev/null || missing+=(util-linux)
[ -x /usr/bin/time ] || missing+=(time)

apt_install() {
  # apt may be locked by another install on a shared machine: wait for it instead of failing.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian)"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq || echo "apt-get update failed" >&2
  # One package at a time, so one that fails does not keep the others out.
  if ! apt_install "${missing[@]}"; then
    for p in "${missing[@]}"; do
      apt_install "$p" || echo "could not install $p: its peer will be reported as failed" >&2
    done
  fi
  # The packages enable systemd units (ClickHouse, the Debian PostgreSQL cluster); the peer
  # scripts start their own servers on 127.0.0.1 with their own data directories instead.
fi

lib="$cache/node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so"
if [ ! -f "$lib" ]; then
  if ! command -v npm >/dev/null; then
    echo "npm is missing (apt-get install -y npm): the DuckDB peer will be reported as failed" >&2
  else
    echo "installing @duckdb/node-api@$DUCKDB_NODE_API_VERSION into $cache"
    mkdir -p "$cache"
    # The peers' own lock file lists only the linux-x64 binding, so `npm ci` refuses it (and
    # shared/ is read-only); a plain pinned install into the cache needs none.
    [ -f "$cache/package.json" ] || echo '{"name": "growloop-bench-duckdb", "private": true}' > "$cache/package.json"
    (cd "$cache" && npm install --no-audit --no-fund --save-exact \
       "@duckdb/node-api@$DUCKDB_NODE_API_VERSION" >/dev/null) ||
      echo "npm install @duckdb/node-api failed: the DuckDB peer will be reported as failed" >&2
  fi
fi
exit 0
