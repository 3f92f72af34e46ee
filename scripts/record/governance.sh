#!/usr/bin/env bash
# Records the Governance cassettes (rule packs, evaluation, gateway enforcement) from a real
# server in record mode, into Tests/Recorded/Cassettes/governance/. Run after a build; review the
# diff before committing (docs/recorded-traffic.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

out="Tests/Recorded/Cassettes/governance"
source scripts/record/lib.sh

rules_v1='[{"id":"publishers_may_submit","effect":"permit","description":"Publishers submit capsules.","condition":{"op":"contains","attribute":"principal.roles","value":"publisher"}},{"id":"gold_needs_review","effect":"review","description":"Gold-tier capsules are reviewed.","condition":{"op":"eq","attribute":"resource.attributes.tier","value":"gold"}},{"id":"no_night_submissions","effect":"forbid","description":"Nothing is submitted before 06:00 UTC.","condition":{"op":"lt","attribute":"context.time","value":"2025-03-14T06:00:00Z"}},{"id":"amount_limit","effect":"forbid","description":"Amounts over 100 are forbidden.","condition":{"op":"gt","attribute":"resource.attributes.amount","value":100}}]'
request() { # principal roles tier time [extra resource attribute JSON]
  echo "{\"principal\":{\"id\":\"$1\",\"roles\":$2,\"tenant\":\"acme\"},\"action\":\"capsule.submit\",\"resource\":{\"type\":\"capsule\",\"id\":\"c1\",\"tenant\":\"acme\",\"attributes\":{\"tier\":\"$3\"${5:-}}},\"context\":{\"time\":\"$4\",\"ip\":\"10.20.30.40\"}}"
}

# active_pack SCENARIO: pack `capsules` created, with version 1 ($rules_v1) active.
active_pack() {
  call "$1" "create a pack" POST /v1/rule-packs '{"id":"capsules","name":"Capsules","tenant":"acme"}'
  call "$1" "put version 1" PUT /v1/rule-packs/capsules/versions/1 "{\"rules\":$rules_v1}"
  call "$1" "activate version 1" POST /v1/rule-packs/capsules/activate '{"version":1}'
}

s=rule-packs
start $s "policy:admin policy:read"
call $s "create a pack" POST /v1/rule-packs '{"id":"capsules","name":"Capsules","description":"Who may submit capsules.","tenant":"acme"}'
call $s "the same id again: 409" POST /v1/rule-packs '{"id":"capsules","name":"Again","tenant":"acme"}'
call $s "an id that breaks the pattern: 422" POST /v1/rule-packs '{"id":"Not A Slug","name":"Bad","tenant":"acme"}'
call $s "create a pack with an Idempotency-Key" POST /v1/rule-packs '{"id":"retried","name":"Retried","tenant":"acme"}' \
  "Idempotency-Key: create-retried-1"
call $s "the same request again: the first answer, replayed" POST /v1/rule-packs '{"id":"retried","name":"Retried","tenant":"acme"}' \
  "Idempotency-Key: create-retried-1"
call $s "the key with another body: 409" POST /v1/rule-packs '{"id":"other","name":"Other","tenant":"acme"}' \
  "Idempotency-Key: create-retried-1"
call $s "put version 1" PUT /v1/rule-packs/capsules/versions/1 "{\"rules\":$rules_v1,\"notes\":\"First rules.\"}"
call $s "version 1 again: 409" PUT /v1/rule-packs/capsules/versions/1 "{\"rules\":$rules_v1}"
call $s "an unknown attribute, a duplicate id, an empty range: 422" PUT /v1/rule-packs/capsules/versions/2 \
  '{"rules":[{"id":"a","effect":"permit","description":"x","condition":{"op":"eq","attribute":"principal.colour","value":"red"}},{"id":"a","effect":"forbid","description":"y","condition":{"op":"between","attribute":"resource.attributes.amount","range":{"kind":"numeric","min":10,"max":1}}}]}'
call $s "activate version 1" POST /v1/rule-packs/capsules/activate '{"version":1}'
call $s "activate a version that does not exist: 404" POST /v1/rule-packs/capsules/activate '{"version":7}'
call $s "read the pack" GET /v1/rule-packs/capsules
call $s "list its versions" GET /v1/rule-packs/capsules/versions
call $s "list the packs, one per page" GET "/v1/rule-packs?limit=1"
call $s "list the tenant's packs" GET "/v1/rule-packs?tenant=acme"
call $s "an unknown pack: 404" GET /v1/rule-packs/nothing-here

stop
s=evaluation
start $s "policy:admin policy:read policy:evaluate"
active_pack $s
call $s "permit" POST /v1/evaluate "$(request alice@acme.example '["publisher"]' silver 2025-03-14T09:26:53Z)"
call $s "review" POST /v1/evaluate "$(request bob@acme.example '["publisher"]' gold 2025-03-14T09:30:00Z)"
call $s "forbid wins" POST /v1/evaluate "$(request carol@acme.example '["publisher"]' gold 2025-03-14T03:00:00Z)"
call $s "default deny" POST /v1/evaluate "$(request dave@acme.example '[]' silver 2025-03-14T10:00:00Z)"
call $s "an erroring rule is skipped and reported" POST /v1/evaluate \
  "$(request erin@acme.example '["publisher"]' silver 2025-03-14T10:00:00Z ',"amount":"lots"')"
call $s "a batch" POST /v1/evaluate/batch \
  "{\"requests\":[$(request alice@acme.example '["publisher"]' silver 2025-03-14T09:26:53Z),$(request dave@acme.example '[]' silver 2025-03-14T10:00:00Z)]}"
call $s "a dry run of a stricter candidate" POST /v1/rule-packs/capsules/dry-run \
  "{\"rules\":$(echo "$rules_v1" | sed 's/"effect":"review"/"effect":"forbid"/'),\"inputs\":[$(request alice@acme.example '["publisher"]' silver 2025-03-14T09:26:53Z),$(request bob@acme.example '["publisher"]' gold 2025-03-14T09:30:00Z)]}"
call $s "an unknown pack: 404" POST /v1/evaluate \
  "$(request alice@acme.example '["publisher"]' silver 2025-03-14T09:26:53Z | sed 's/}$/,"pack_id":"nothing-here"}/')"
call $s "no time and a bad address: 422" POST /v1/evaluate \
  '{"principal":{"id":"a","roles":[],"tenant":"acme"},"action":"capsule.submit","resource":{"type":"capsule","id":"c1","tenant":"acme"},"context":{"ip":"not-an-address"}}'
call $s "not JSON: 400" POST /v1/evaluate '{"principal":'

stop
s=gateway-enforcement
start $s "policy:admin policy:read"
gateway_v2='[{"id":"authenticated_callers","effect":"permit","description":"Any authenticated caller.","condition":{"op":"present","attribute":"principal.id"}},{"id":"sealed_pack","effect":"forbid","description":"Nobody reads the sealed pack.","condition":{"op":"eq","attribute":"resource.id","value":"sealed"}},{"id":"listing_needs_review","effect":"review","description":"Listing packs is reviewed.","condition":{"op":"eq","attribute":"action","value":"rule_pack.list"}}]'
call $s "the gateway pack a fresh server starts with" GET /v1/rule-packs/gateway
call $s "put a stricter gateway version" PUT /v1/rule-packs/gateway/versions/2 "{\"rules\":$gateway_v2}"
call $s "activate it" POST /v1/rule-packs/gateway/activate '{"version":2}'
call $s "permitted" GET /v1/rule-packs/gateway/versions
call $s "forbidden: 403 naming the rule" GET /v1/rule-packs/sealed
call $s "needs review: 403 with a hint" GET /v1/rule-packs

stop
s=rate-limits
server_environment=(ACCORD_RATE_LIMIT=2)
start $s "policy:admin policy:read policy:evaluate"
active_pack $s
call $s "first of two evaluations a minute" POST /v1/evaluate "$(request alice@acme.example '["publisher"]' silver 2025-03-14T09:26:53Z)"
call $s "second" POST /v1/evaluate "$(request alice@acme.example '["publisher"]' silver 2025-03-14T09:26:53Z)"
call $s "third: 429 with Retry-After, and no decision logged" POST /v1/evaluate \
  "$(request alice@acme.example '["publisher"]' silver 2025-03-14T09:26:53Z)"
call $s "another operation has its own allowance" POST /v1/evaluate/batch \
  "{\"requests\":[$(request alice@acme.example '["publisher"]' silver 2025-03-14T09:26:53Z)]}"
call $s "an operation without 429 in the contract is never limited" GET /v1/rule-packs/capsules

stop
server_environment=()
mkdir -p "$out"
# The reviewed part of a cassette: what each scenario shows.
python3 - "$work/cassettes" "$out" <<'PY'
import json, pathlib, sys
summaries = {
    "rule-packs": "Create a pack (a duplicate id 409, a bad slug 422), put version 1 (again 409; an unknown attribute, "
    "a duplicate rule id and an empty range 422, each by pointer), activate it (an unknown version 404), read it, "
    "list its versions, page through the packs, and an unknown pack (404).",
    "evaluation": "Evaluate against an active pack: permit, review, forbid winning over permit, default deny, an erroring "
    "rule skipped and reported; a batch; a dry run of a stricter candidate; an unknown pack (404), a missing time and a "
    "bad address (422), a body that is not JSON (400). Each evaluation is on policy.decisions with its input digest.",
    "rate-limits": "With --rate-limit 2 (the replay server's rate-limited setup): two evaluations a minute pass, the third "
    "answers 429 problem+json with Retry-After and logs no decision; the batch operation has its own allowance, and reading "
    "a pack (no 429 in the contract) is never limited.",
    "gateway-enforcement": "The gateway pack a fresh server starts with permits authenticated callers; a stricter version "
    "forbids reading one pack (403 naming the rule) and sends listing to review (403 with a hint); every response says "
    "X-Policy-Decision, and each refusal is on policy.decisions.",
}
for source in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    cassette = json.loads(source.read_text())
    cassette["summary"] = summaries[cassette["scenario"]]
    # The gateway evaluates with the request's own time, so its input digests differ per run.
    for exchange in cassette["exchanges"] if cassette["scenario"] == "gateway-enforcement" else []:
        for index, event in enumerate(exchange.get("events", [])):
            if event["topic"] == "policy.decisions":
                exchange.setdefault("match", {})[f"/events/{index}/payload/input_digest"] = {"pattern": "^[0-9a-f]{64}$"}
    if cassette["scenario"] == "rate-limits":
        cassette["server"] = "rate-limited"
    # Retry-After, and the detail that repeats it, count down from when the allowance ran out.
    for exchange in cassette["exchanges"] if cassette["scenario"] == "rate-limits" else []:
        if exchange["response"]["status"] == 429:
            exchange.setdefault("match", {})["/response/headers/retry-after"] = {"pattern": "^[0-9]+$"}
            exchange["match"]["/response/body/detail"] = {"pattern": "^Limit of 2 requests per minute for client a11ce000-0000-4000-8000-000000000001 on evaluatePolicy exceeded; retry in [0-9]+ s\\.$"}
    (pathlib.Path(sys.argv[2]) / source.name).write_text(json.dumps(cassette, indent=2, sort_keys=True, ensure_ascii=False, separators=(',', ' : ')) + "\n")
PY
echo "recorded into $out: $(ls "$work/cassettes" | tr '\n' ' ')"
