#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster in a temp folder on a free loopback port and prints
#   MAMORI_TEST_PG_URL=postgres://…   and   PG_THROWAWAY_DIR=…
# Stop it with: scripts/pg-throwaway.sh stop DIR
# Uses the machine's initdb/pg_ctl (Debian: postgresql). PostgreSQL refuses to run as root, so
# when run as root the cluster is owned by the 'postgres' user (created if missing).
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$found" ] && echo "$found"
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "stop" ]; then
  dir=$2
  as_owner "$(find_bin pg_ctl)" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

INITDB=$(find_bin initdb); PG_CTL=$(find_bin pg_ctl)
if [ -z "$INITDB" ] || [ -z "$PG_CTL" ]; then echo "initdb/pg_ctl not found" >&2; exit 1; fi
if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then useradd --system --no-create-home postgres; fi

dir=$(mktemp -d /tmp/mamori-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = "0" ] && chown postgres "$dir"
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
as_owner "$INITDB" -D "$dir/data" -U mamori --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || as_owner "$INITDB" -D "$dir/data" -U mamori --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
as_owner "$PG_CTL" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
echo "MAMORI_TEST_PG_URL=postgres://mamori@127.0.0.1:$port/postgres"
echo "PG_THROWAWAY_DIR=$dir"
