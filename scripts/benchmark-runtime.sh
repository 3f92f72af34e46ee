#!/usr/bin/env bash
# Runtime benchmark, printed figures (docs/benchmarks.md records them): the gateway overhead of
# /v1/chat/stream against the embedded model server itself (time to first token, tokens/s),
# and concurrent streams held for a while with memory and error counts. See
# scripts/benchmark_runtime.py for what is measured.
#
#   scripts/benchmark-runtime.sh [--rounds N] [--concurrency N] [--seconds N] [--configuration release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=release
passthrough=()
while [ $# -gt 0 ]; do
  case "$1" in
    --configuration) configuration="$2"; shift 2 ;;
    --rounds|--concurrency|--seconds) passthrough+=("$1" "$2"); shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--concurrency N] [--seconds N] [--configuration release|debug]" >&2; exit 2 ;;
  esac
done

echo "building ($configuration)..." >&2
nice -n 10 swift build -c "$configuration" --product accord-server >&2
bin="$(swift build -c "$configuration" --show-bin-path)"
work="$(mktemp -d)"
server="" model=""
trap 'kill $server $model 2>/dev/null || true; rm -rf "$work"' EXIT
source scripts/lib/benchmark-server.sh

model_port=$(free_port)
.venv-llm/bin/python scripts/llm/serve-model.py --port "$model_port" >"$work/model.out" 2>"$work/model.log" &
model=$!
for _ in $(seq 1200); do grep -q ready "$work/model.out" && break; sleep 0.1; done
grep -q ready "$work/model.out" || { echo "the model did not start" >&2; exit 1; }

start_benchmark_server
token=$(benchmark_token "chat:write providers:admin")
curl -sf -o /dev/null -X PUT "$base/v1/providers/local" -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  --data "{\"kind\":\"openai-compatible\",\"base_url\":\"http://127.0.0.1:$model_port/v1\",\"models\":[\"smollm2-135m\"],\"api_key_ref\":{\"source\":\"none\"},\"max_concurrency\":64,\"timeout_ms\":300000,\"is_default\":true}"

python3 scripts/benchmark_runtime.py --accord "$base" --model "http://127.0.0.1:$model_port" --token "$token" --server-pid "$server" "${passthrough[@]}"
