#!/usr/bin/env bash
# Records the Marketplace cassettes (capsules, their review workflow, attestations, compliance
# notes, token usage) from a real server in record mode, into Tests/Recorded/Cassettes/marketplace/.
# Run after a build; review the diff before committing (docs/recorded-traffic.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

out="Tests/Recorded/Cassettes/marketplace"
source scripts/record/lib.sh

digest="sha256:e7f20704f59ae978579557579722059f55ff3fa017395aa3b95274019df33f69"
submission='{"capsule_id":"invoice-summarizer","name":"Invoice summarizer","version":"1.4.0","summary":"Summarizes supplier invoices and flags unusual payment terms.","category":"agent","tags":["finance","invoices"],"publisher":"acme-labs","license":"Apache-2.0","homepage":"https://acme.example/capsules/invoice-summarizer","artifact_digest":"'$digest'","models":["gpt-4o"]}'
statement='{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://spdx.dev/Document","subject_name":"invoice-summarizer-1.4.0.tar.gz"}'

s=capsules
# The administrator publishes; a second client reviews (nobody reviews their own submission).
start $s "identity:admin marketplace:read marketplace:write marketplace:review"
call $s "register a reviewer client" POST /v1/clients \
  '{"name":"capsule-reviewer","tenant":"acme","allowed_scopes":["marketplace:read","marketplace:review"]}'
reviewer_id=$(field 'b["client"]["client_id"]')
reviewer_secret=$(field 'b["client_secret"]')
token="" call $s "the reviewer's token" POST /v1/tokens/issue \
  "{\"client_id\":\"$reviewer_id\",\"client_secret\":\"$reviewer_secret\",\"scope\":\"marketplace:read marketplace:review\"}"
reviewer=$(field 'b["access_token"]')
call $s "submit a capsule" POST /v1/capsules "$submission" "Idempotency-Key: submit-invoice-summarizer-1"
call $s "the same submission again: the first answer, replayed" POST /v1/capsules "$submission" \
  "Idempotency-Key: submit-invoice-summarizer-1"
call $s "the id again without a key: 409" POST /v1/capsules "$submission"
call $s "a malformed submission: 422 naming each field" POST /v1/capsules \
  '{"capsule_id":"Bad Id","name":"x","version":"1.0","summary":"s","category":"robot","publisher":"acme-labs","license":"MIT","artifact_digest":"md5:0"}'
call $s "read it" GET /v1/capsules/invoice-summarizer
call $s "search for it" GET "/v1/capsules?q=invoice&sort=relevance"
call $s "a cursor that is not one of ours: 422" GET "/v1/capsules?cursor=bm90LW91cnM"
call $s "attest it (an issuer this server does not know: unverified)" POST /v1/capsules/invoice-summarizer/attestations \
  "{\"kind\":\"sbom\",\"digest\":\"$digest\",\"issuer\":\"https://ci.acme.example\",\"statement\":$statement,\"signature\":\"6OLacPe+sKngR7Kk7F/TXDVAXGiov6e1dRGvsuT1LQ7qw1dc0wscI57DCMLcqQeAPuAjRxhcF8a4IBKvujXqIw==\",\"key_id\":\"acme-ci-2025\"}"
call $s "an attestation about another artifact: 422" POST /v1/capsules/invoice-summarizer/attestations \
  "{\"kind\":\"sbom\",\"digest\":\"sha256:$(printf '0%.0s' $(seq 64))\",\"issuer\":\"https://ci.acme.example\",\"statement\":$statement,\"signature\":\"AAAA\"}"
call $s "list its attestations" GET /v1/capsules/invoice-summarizer/attestations
call $s "review your own submission: 403" POST /v1/capsules/invoice-summarizer/reviews \
  '{"decision":"approve","comment":"Looks good to me."}'
token=$reviewer call $s "the reviewer asks for changes" POST /v1/capsules/invoice-summarizer/reviews \
  '{"decision":"request_changes","comment":"Please attach a security scan."}'
token=$reviewer call $s "the reviewer approves" POST /v1/capsules/invoice-summarizer/reviews \
  '{"decision":"approve","comment":"SBOM and scan look good."}'
token=$reviewer call $s "reject an approved capsule: 409" POST /v1/capsules/invoice-summarizer/reviews \
  '{"decision":"reject","comment":"Too late."}'
call $s "its review history" GET /v1/capsules/invoice-summarizer/reviews
token=$reviewer call $s "add a compliance note" POST /v1/capsules/invoice-summarizer/compliance-notes \
  '{"framework":"gdpr","status":"compliant","note":"Processes supplier contact data only.","references":["https://acme.example/legal/dpa-2025"]}'
call $s "its compliance notes" GET "/v1/capsules/invoice-summarizer/compliance-notes?framework=gdpr"
call $s "its token usage (no turns yet)" GET /v1/capsules/invoice-summarizer/token-summary
call $s "a period that ends before it starts: 422" GET \
  "/v1/capsules/invoice-summarizer/token-summary?from=2025-03-01T00:00:00Z&to=2025-02-01T00:00:00Z"
token=$reviewer call $s "only its publisher withdraws it: 403" POST /v1/capsules/invoice-summarizer/withdraw
call $s "its publisher withdraws it" POST /v1/capsules/invoice-summarizer/withdraw
call $s "withdrawing again changes nothing" POST /v1/capsules/invoice-summarizer/withdraw
call $s "an unknown capsule: 404" GET /v1/capsules/nothing-here

stop
mkdir -p "$out"
python3 - "$work/cassettes" "$out" <<'PY'
import json, pathlib, sys
summaries = {
    "capsules": "A publisher submits a capsule (an Idempotency-Key replays it; the id again 409; a malformed submission 422 "
    "naming each field), reads and finds it (a foreign cursor 422), attests it (an unknown issuer: stored unverified; another "
    "artifact's digest 422) and may not review it (403); a second client asks for changes, approves (from in_review each "
    "time), and cannot reject it afterwards (409); a compliance note; the token summary of a capsule no turn ran for, a "
    "backwards period (422); only its publisher withdraws it (the reviewer 403), and again changes nothing; an unknown capsule (404). Every change is on marketplace.catalog, keyed by capsule_id.",
}
uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
for source in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    cassette = json.loads(source.read_text())
    cassette["summary"] = summaries[cassette["scenario"]]
    client_id = None  # the reviewer client: later requests, answers and events name it
    for exchange in cassette["exchanges"]:
        if client_id:
            for part in ("request", "response", "events"):
                if part in exchange:
                    exchange[part] = json.loads(json.dumps(exchange[part]).replace(client_id, "${client_id}"))
        response = exchange["response"]
        body, headers = response.get("body"), response.get("headers", {})
        if response["status"] == 201 and isinstance(body, dict) and isinstance(body.get("client"), dict):
            client_id = body["client"]["client_id"]
            exchange.setdefault("capture", {})["client_id"] = "/response/body/client/client_id"
            exchange["events"] = json.loads(json.dumps(exchange.get("events", [])).replace(client_id, "${client_id}"))
        # A created item's Location ends with its new id.
        location = headers.get("location", "")
        if location.startswith("/v1/clients/") or location.count("/") == 5:
            exchange.setdefault("match", {})["/response/headers/location"] = {
                "pattern": "^" + location.rsplit("/", 1)[0] + "/" + uuid + "$"}
    (pathlib.Path(sys.argv[2]) / source.name).write_text(json.dumps(cassette, indent=2, sort_keys=True, ensure_ascii=False, separators=(',', ' : ')) + "\n")
PY
echo "recorded into $out: $(ls "$work/cassettes" | tr '\n' ' ')"
