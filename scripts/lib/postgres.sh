# Source this file to get a throwaway PostgreSQL cluster for tests:
#   pg_start  -> exports PATI_TEST_POSTGRES_URL, registers pg_stop on exit
# It never touches a system cluster: its own data dir, its own free port, loopback only.

pg_bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] || return 1
  echo "$d"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

pg_start() {
  local bin
  bin=$(pg_bin_dir) || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 1; }
  PG_TMP=$(mktemp -d /tmp/pati-pg.XXXXXX)
  PG_PORT=$(free_port)
  mkdir -p "$PG_TMP/data" "$PG_TMP/sock"
  # initdb refuses to run as root: use the postgres system user then.
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$PG_TMP"
    as=(runuser -u postgres --)
  fi
  PG_AS=("${as[@]}")
  "${as[@]}" "$bin/initdb" -D "$PG_TMP/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_TMP/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; return 1; }
  PG_BIN="$bin"
  export PATI_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') test cluster on 127.0.0.1:$PG_PORT ($PG_TMP)"
}

pg_stop() {
  [ -n "${PG_TMP:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=
}
