# Source this file to get a throwaway S3-compatible server for tests:
#   s3_start -> installs moto[server] from PyPI into a cached virtualenv when
#               missing, starts it on a free loopback port, exports
#               PATI_TEST_S3_ENDPOINT; s3_stop stops it.
# Real S3 API semantics for the blob store's S3 path, with no cloud account.

S3_VENV="${S3_VENV:-$HOME/.cache/pati-maju/venv-s3}"

s3_start() {
  if [ ! -x "$S3_VENV/bin/moto_server" ]; then
    echo "==> Installing moto[server] (S3 test server, from PyPI) into $S3_VENV"
    python3 -m venv "$S3_VENV" \
      || { echo "python3 -m venv failed (apt-get install python3-venv)" >&2; return 1; }
    "$S3_VENV/bin/pip" install -q 'moto[server]>=5,<6' \
      || { echo "cannot install moto[server] from PyPI" >&2; return 1; }
  fi
  S3_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  S3_LOG=$(mktemp /tmp/pati-s3.XXXXXX)
  "$S3_VENV/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" >"$S3_LOG" 2>&1 &
  S3_PID=$!
  local _
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break
    kill -0 "$S3_PID" 2>/dev/null || break
    sleep 0.2
  done
  curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" \
    || { cat "$S3_LOG" >&2; echo "the S3 test server did not start" >&2; return 1; }
  export PATI_TEST_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
  echo "==> S3 test server (moto) on $PATI_TEST_S3_ENDPOINT"
}

s3_stop() {
  [ -n "${S3_PID:-}" ] || return 0
  kill "$S3_PID" 2>/dev/null || true
  wait "$S3_PID" 2>/dev/null || true
  rm -f "$S3_LOG"
  S3_PID=
}
