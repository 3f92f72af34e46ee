#!/usr/bin/env bash
# Policy benchmark, printed figures (docs/benchmarks.md records them):
#   1. the engine in process: evaluations/s and p50/p99 latency for packs of 10, 100, 1,000 and
#      10,000 rules (rules indexed by action and resource type);
#   2. POST /v1/evaluate on a real accord-server (authenticated, decided, logged to the outbox)
#      against a bare Hummingbird route reading the same body, both driven by wrk in this run,
#      in alternating rounds (the median of each is compared); GET /healthz with the same token
#      is measured too, as the cheapest route through the server's request stack. Each run also
#      prints the server's CPU per request on its event loops and on Swift's pool (/proc).
#
#   scripts/benchmark-policy.sh [--seconds N] [--rounds N] [--connections N] [--configuration release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=10
rounds=3
connections=16
configuration=release
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --configuration) configuration="$2"; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--rounds N] [--connections N] [--configuration release|debug]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: run scripts/bootstrap.sh" >&2; exit 1; }

echo "building ($configuration)..." >&2
nice -n 10 swift build -c "$configuration" --product accord-server >&2
nice -n 10 swift build -c "$configuration" --product PolicyBenchmark >&2
bin="$(swift build -c "$configuration" --show-bin-path)"

echo "== the engine in process (one thread)"
"$bin/PolicyBenchmark" engine --seconds 2

work="$(mktemp -d "${BENCHMARK_TMPDIR:-/tmp}/policy-benchmark.XXXXXX")"
server="" bare=""
trap 'kill $server $bare 2>/dev/null || true; rm -rf "$work"' EXIT
source scripts/lib/benchmark-server.sh
start_benchmark_server
token=$(benchmark_token "policy:admin policy:evaluate")
auth=(-H "Authorization: Bearer $token" -H "Content-Type: application/json")
rules=$(python3 - <<'PY'
import json
rules = [{"id": f"r{i}", "effect": ["permit", "forbid", "review"][i % 3], "description": "benchmark rule",
          "condition": {"op": "all", "conditions": [
              {"op": "eq", "attribute": "action", "value": f"svc.op{i % 5}"},
              {"op": "contains", "attribute": "principal.roles", "value": f"role{i % 7}"}]}} for i in range(100)]
print(json.dumps({"rules": rules}))
PY
)
curl -sf -o /dev/null -X POST "$base/v1/rule-packs" "${auth[@]}" --data '{"id":"bench","name":"Bench","tenant":"acme"}'
curl -sf -o /dev/null -X PUT "$base/v1/rule-packs/bench/versions/1" "${auth[@]}" --data "$rules"
curl -sf -o /dev/null -X POST "$base/v1/rule-packs/bench/activate" "${auth[@]}" --data '{"version":1}'
body='{"principal":{"id":"alice","roles":["role1","role3"],"tenant":"acme"},"action":"svc.op1","resource":{"type":"capsule","id":"c1","tenant":"acme"},"context":{"time":"2025-03-14T09:26:53Z"},"pack_id":"bench"}'
curl -sf -X POST "$base/v1/evaluate" "${auth[@]}" --data "$body" >"$work/decision.json" ||
  { echo "/v1/evaluate failed" >&2; exit 1; }

cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA

bare_port=$(free_port)
"$bin/PolicyBenchmark" bare --port "$bare_port" >"$work/bare.log" 2>&1 &
bare=$!
for _ in $(seq 100); do curl -s -o /dev/null -X POST "http://127.0.0.1:$bare_port/bare" && break; sleep 0.1; done

rate() { awk '/Requests\/sec/ {print $2}'; }
latency() { awk '/Latency/ {print $2; exit}'; }
median() { python3 -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
cat >"$work/get.lua" <<LUA
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer $token"
LUA

# The machine is shared and its speed drifts by a quarter from minute to minute: the routes take
# turns, round after round, so that drift falls on each alike, and medians are compared.
echo "== HTTP, wrk -t2 -c$connections -d${seconds}s per run, $rounds rounds, a 100-rule pack"
evaluate_rates=() bare_rates=() health_rates=() errors=""
tick=$(getconf CLK_TCK)
# measure PID SCRIPT URL: wrk's output, then a line of the server's CPU per request (ms) on its
# event loops and on its other threads (Swift's pool), from /proc.
measure() {
  local before after out
  before=$(thread_ticks "$1")
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" -s "$2" "$3")
  after=$(thread_ticks "$1")
  echo "$out"
  python3 -c "
import sys
b, a, n = [int(x) for x in sys.argv[1].split()], [int(x) for x in sys.argv[2].split()], int(sys.argv[3])
print('cpu-per-request %.3f %.3f' % tuple((a[i] - b[i]) / $tick / max(n, 1) * 1000 for i in (0, 1)))" \
    "$before" "$after" "$(echo "$out" | awk '/requests in/ {print $1; exit}')"
}
cpu() { awk '/^cpu-per-request/ {printf "loops %s ms + pool %s ms", $2, $3}'; }
for round in $(seq "$rounds"); do
  evaluate_out=$(measure "$server" "$work/post.lua" "$base/v1/evaluate")
  bare_out=$(measure "$bare" "$work/post.lua" "http://127.0.0.1:$bare_port/bare")
  health_out=$(measure "$server" "$work/get.lua" "$base/healthz")
  evaluate_rates+=("$(echo "$evaluate_out" | rate)")
  bare_rates+=("$(echo "$bare_out" | rate)")
  health_rates+=("$(echo "$health_out" | rate)")
  errors+=$(echo "$evaluate_out$health_out" | grep -E "Non-2xx|Socket errors" || true)
  printf 'round %d: POST /v1/evaluate %9s req/s (mean latency %s), bare route %9s req/s (%s), GET /healthz %9s req/s\n' "$round" \
    "${evaluate_rates[-1]}" "$(echo "$evaluate_out" | latency)" "${bare_rates[-1]}" "$(echo "$bare_out" | latency)" "${health_rates[-1]}"
  printf '  server CPU per request: POST /v1/evaluate %s; bare route %s; GET /healthz %s\n' \
    "$(echo "$evaluate_out" | cpu)" "$(echo "$bare_out" | cpu)" "$(echo "$health_out" | cpu)"
done
evaluate_rate=$(median "${evaluate_rates[@]}")
bare_rate=$(median "${bare_rates[@]}")
health_rate=$(median "${health_rates[@]}")
printf 'median: POST /v1/evaluate %10.0f req/s\n' "$evaluate_rate"
printf 'median: bare route        %10.0f req/s\n' "$bare_rate"
printf 'median: GET /healthz      %10.0f req/s (%.2fx the bare route: the request stack alone)\n' "$health_rate" \
  "$(python3 -c "print($health_rate / $bare_rate)")"
python3 -c "print(f'ratio                     {$evaluate_rate / $bare_rate:.2f}x the bare route (target >= 0.6x)')"
[ -z "$errors" ] || echo "errors: $errors"
