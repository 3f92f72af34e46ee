# Shared steps of the scripts/benchmark-*.sh scripts, sourced from the repository root after
# `work` (a scratch directory) and `bin` (the build's bin path) are set:
#   free_port                     prints a free loopback port
#   start_benchmark_server        a fresh accord-server (warnings-only log) on `$base`, pid `$server`
#   benchmark_token SCOPES        prints an administrator token with SCOPES
#   thread_ticks PID              prints the CPU ticks of PID's NIO event loops, then of its other
#                                 threads (Swift's pool and the rest)

benchmark_admin_id="a11ce000-0000-4000-8000-000000000001"
benchmark_admin_secret="benchmark-administrator-secret-0123456789"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_benchmark_server() {
  local port
  port=$(free_port)
  # Warnings only: a log line per request would measure the terminal, not the server.
  ACCORD_ADMIN_CLIENT_ID="$benchmark_admin_id" ACCORD_ADMIN_CLIENT_SECRET="$benchmark_admin_secret" \
    "$bin/accord-server" --port "$port" --data-dir "$work/data" --log-level warning >"$work/server.log" 2>&1 &
  server=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 300); do curl -sf -o /dev/null "$base/readyz" && break; sleep 0.1; done
  curl -sf -o /dev/null "$base/readyz" || { echo "accord-server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
}

benchmark_token() {
  curl -sf -X POST "$base/v1/tokens/issue" -H "Content-Type: application/json" \
    --data "{\"client_id\":\"$benchmark_admin_id\",\"client_secret\":\"$benchmark_admin_secret\",\"scope\":\"$1\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

thread_ticks() {
  local loops=0 others=0 task name ticks
  for task in /proc/"$1"/task/*; do
    name=$(cat "$task/comm" 2>/dev/null) || continue
    ticks=$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null) || continue
    if [[ "$name" == NIO-* ]]; then loops=$((loops + ticks)); else others=$((others + ticks)); fi
  done
  echo "$loops $others"
}
