#!/usr/bin/env bash
# Runs every check Accord has, on a fresh machine too: installs what is missing (bootstrap),
# validates the contracts, builds, checks that Sources/Generated matches the contracts, and
# runs the Swift test suites against the real server, SQLite and librdkafka.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
echo "== contracts"
python3 scripts/validate-contracts.py "${ACCORD_SHARED_DIR:-../shared}"
echo "== formatting (swift format, settings in .swift-format)"
if ! swift format lint --strict --parallel --recursive Sources Tests Benchmarks; then
  echo "swift format: the files above need formatting; run: swift format format -i -r Sources Tests" >&2
  exit 1
fi
echo "== build"
swift build --build-tests
echo "== generated code is current"
swift run --skip-build codegen --check
swift run --skip-build codegen --check --openapi Tests/RoundTrip/echo.yaml --output Tests/RoundTrip/Generated --api-module EchoAPI --parts api,server,client
# The embedded model (scripts/llm/serve-model.py), shared by every test that talks to a model.
model_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
model_out="$(mktemp)"
.venv-llm/bin/python scripts/llm/serve-model.py --port "$model_port" --exit-with-parent >"$model_out" 2>"$model_out.log" &
model_pid=$!
trap 'kill $model_pid 2>/dev/null || true; rm -f "$model_out" "$model_out.log"' EXIT
for _ in $(seq 1200); do grep -q ready "$model_out" && break; sleep 0.1; done
grep -q ready "$model_out" || { echo "the embedded model did not start:" >&2; tail -20 "$model_out.log" >&2; exit 1; }
export ACCORD_TEST_MODEL_URL="http://127.0.0.1:$model_port"
echo "== tests"
# The suites that start brokers, and the compile check of generated code (two compilers for
# minutes), each run on their own: beside the other tests they starve the ones that talk to
# servers over loopback with deadlines, and a broker restart racing a busy client.
# At most 8 tests at a time: Swift Testing otherwise starts all 340 at once, and on 2 cores
# that has starved one test's loopback call for more than 5 s. The run takes no longer.
swift test --skip-build --experimental-maximum-parallelization-width 8 --skip CompileTests --skip '^KafkaTests\.' --skip '^ServerTests\.Outbox' --skip '^RecordedTests\.' \
  --skip '^ServerTests\.(Token|Key)' --skip '^ServerTests\.(ChatStream|Conversations|Providers|TrainingMode|EstimateTokens|CapsuleUsage)'
echo "== runtime: chat, conversations, providers and training mode over the real model"
# At most 4 at a time, for the same reason as above: a starved reader gets a stream's deltas
# in one burst, and the streaming test can no longer tell incremental delivery from a burst.
swift test --skip-build --experimental-maximum-parallelization-width 4 \
  --filter '^ServerTests\.(ChatStream|Conversations|Providers|TrainingMode|EstimateTokens|CapsuleUsage)'
echo "== identity: tokens, keys and the attack set against the real server"
# CPU-heavy (PBKDF2 on every issuance, many server processes): on their own, so they do not
# starve the timing-sensitive client tests.
swift test --skip-build --filter '^ServerTests\.(Token|Key)'
echo "== recorded traffic: the cassettes against the contract, coverage, then replay"
swift run --skip-build cassettes check
swift test --skip-build --filter '^RecordedTests\.'
echo "== Kafka binding against a real broker"
swift test --skip-build --filter '^KafkaTests\.'
echo "== outbox and relay against a real broker"
swift test --skip-build --filter '^ServerTests\.Outbox'
echo "== generated code compiles"
swift test --skip-build --filter CompileTests
