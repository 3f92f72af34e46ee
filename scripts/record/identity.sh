#!/usr/bin/env bash
# Records the Identity cassettes (token issuance, clients, introspection and revocation, signing
# keys) from a real server in record mode, into Tests/Recorded/Cassettes/identity/. Run after a
# build; review the diff before committing (docs/recorded-traffic.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

out="Tests/Recorded/Cassettes/identity"
source scripts/record/lib.sh

unknown_client="0badc0de-0000-4000-8000-000000000000"
credentials() { # client_id client_secret scope: a token request's body
  echo "{\"client_id\":\"$1\",\"client_secret\":\"$2\",\"scope\":\"$3\"}"
}

s=token-issuance
start $s
call $s "issue a token" POST /v1/tokens/issue \
  "{\"grant_type\":\"client_credentials\",\"client_id\":\"$admin_id\",\"client_secret\":\"$admin_secret\",\"scope\":\"identity:admin tokens:introspect\"}"
call $s "wrong secret: 401 invalid_client" POST /v1/tokens/issue "$(credentials "$admin_id" not-the-secret identity:admin)"
call $s "unknown client: the same 401" POST /v1/tokens/issue "$(credentials "$unknown_client" whatever identity:admin)"
call $s "a scope the client may not have: 400 invalid_scope" POST /v1/tokens/issue \
  "$(credentials "$admin_id" "$admin_secret" "identity:admin unknown:scope")"
call $s "no secret: 422 naming the field" POST /v1/tokens/issue "{\"client_id\":\"$admin_id\",\"scope\":\"identity:admin\"}"
call $s "the published keys" GET /.well-known/jwks.json
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' "$work/response.headers" | tr -d '\r')
call $s "unchanged keys: 304" GET /.well-known/jwks.json "" "If-None-Match: $etag"

stop
s=clients
start $s "identity:admin"
call $s "register a client" POST /v1/clients \
  '{"name":"invoice-agent","description":"Summarizes invoices.","tenant":"acme","allowed_scopes":["policy:evaluate","chat:write"]}'
client=$(field 'b["client"]["client_id"]')
client_secret=$(field 'b["client_secret"]')
call $s "the same name again: 409" POST /v1/clients '{"name":"invoice-agent","tenant":"acme","allowed_scopes":["chat:write"]}'
call $s "read it" GET "/v1/clients/$client"
call $s "an unknown client: 404" GET "/v1/clients/$unknown_client"
token="" call $s "its secret gets a token" POST /v1/tokens/issue "$(credentials "$client" "$client_secret" chat:write)"
call $s "rotate its secret" POST "/v1/clients/$client/secret" '{"grace_seconds":0}'
token="" call $s "the old secret no longer works" POST /v1/tokens/issue "$(credentials "$client" "$client_secret" chat:write)"
call $s "disable it" POST "/v1/clients/$client/disable" '{"reason":"retired"}'
call $s "list the disabled clients" GET "/v1/clients?status=disabled&limit=10"
call $s "a name that breaks the pattern: 422" POST /v1/clients '{"name":"Invoice Agent","tenant":"acme","allowed_scopes":["chat:write"]}'

stop
s=introspection-and-revocation
start $s "tokens:introspect tokens:revoke identity:admin"
revocable=$(issue $s "a token to revoke" "identity:admin")
call $s "introspect an active token" POST /v1/tokens/introspect "{\"token\":\"$revocable\"}"
call $s "revoke it" POST /v1/tokens/revoke "{\"token\":\"$revocable\",\"reason\":\"leaked in a CI log\"}"
call $s "revoked: inactive" POST /v1/tokens/introspect "{\"token\":\"$revocable\"}"
token=$revocable call $s "a revoked token is refused: 401" GET /v1/clients
call $s "neither token nor jti: 422" POST /v1/tokens/revoke '{"reason":"?"}'
token="" call $s "no token: 401 with a Bearer challenge" POST /v1/tokens/introspect '{"token":"x"}'

stop
s=signing-keys
start $s "identity:admin"
unprivileged=$(issue $s "a token without identity:admin" "tokens:introspect")
call $s "list the keys" GET /v1/keys
call $s "rotate" POST /v1/keys/rotate '{"overlap_seconds":3600}'
token="" call $s "both keys are published during the overlap" GET /.well-known/jwks.json
call $s "roll back" POST /v1/keys/rollback '{"reason":"the new key was rejected by a verifier"}'
call $s "nothing left to roll back to: 409" POST /v1/keys/rollback '{}'
token=$unprivileged call $s "without identity:admin: 403" GET /v1/keys

stop
mkdir -p "$out"
# The reviewed part: what each scenario shows, the values that differ per run, and the values the
# server generated that later requests send back.
python3 - "$work/cassettes" "$out" <<'PY'
import json, pathlib, sys
source_dir, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
key_id = {"pattern": "^k[0-9]{8}-[0-9a-f]{8}$"}
etag = {"pattern": "^\"[0-9a-f]{32}\"$"}
summaries = {
    "token-issuance": "Client credentials in, a token out; a wrong secret and an unknown client get the same 401 "
    "invalid_client, a scope the client may not have 400 invalid_scope, a missing secret 422; each attempt is audited on "
    "identity.audit. The JWK set is cacheable and answers 304 to its own ETag.",
    "clients": "Register a client (its secret shown once), read it, a duplicate name (409), an unknown id (404), its "
    "secret gets a token, rotate the secret (the old one stops working), disable it, list by status, and a name that "
    "breaks the pattern (422); every change is audited.",
    "introspection-and-revocation": "Introspection reports every claim of an active token; once revoked (by value) it is "
    "inactive and refused on protected routes with 401 invalid_token (audited as authentication.failed). A revocation "
    "naming neither token nor jti is 422; introspection without a bearer token is 401.",
    "signing-keys": "List the signing keys, rotate (the old key keeps verifying through the overlap, so both are "
    "published), roll back to it, a second rollback has nothing to return to (409), and listing keys needs "
    "identity:admin (403); rotations are audited.",
}
# Values sent on purpose that are not secrets, though their property names say so: the recorder
# would make them ${secret:…}, and replay would then send the real secret.
sent_as_is = {
    "wrong secret: 401 invalid_client": {"client_secret": "not-the-secret"},
    "unknown client: the same 401": {"client_secret": "whatever"},
    "no token: 401 with a Bearer challenge": {"token": "x"},
}
for path in sorted(source_dir.glob("*.json")):
    cassette = json.loads(path.read_text())
    cassette["summary"] = summaries[cassette["scenario"]]
    captured = {}  # literal value → capture name, for values later requests send back
    exchanges = cassette["exchanges"]
    for position, exchange in enumerate(exchanges):
        request, response = exchange["request"], exchange["response"]
        request.get("body", {}).update(sent_as_is.get(exchange["name"], {}))

        def placeholders(value):
            text = json.dumps(value)
            for literal, name in captured.items():
                text = text.replace(json.dumps(literal)[1:-1], "${%s}" % name)
            return json.loads(text)

        exchange["request"] = placeholders(request)
        if "events" in exchange:
            exchange["events"] = placeholders(exchange["events"])
        match = exchange.setdefault("match", {})
        answer = response.get("body")
        headers = response.get("headers", {})
        if isinstance(answer, dict) and isinstance(answer.get("client"), dict) and response["status"] == 201:
            client_id = answer["client"]["client_id"]  # a new client: later paths, bodies and events name it
            captured[client_id] = "client_id"
            exchange.setdefault("capture", {})["client_id"] = "/response/body/client/client_id"
            exchange["events"] = placeholders(exchange.get("events", []))
            if not exchange["events"]:
                exchange.pop("events")
        if "location" in headers and headers["location"].startswith("/v1/clients/"):
            match["/response/headers/location"] = {"pattern": "^/v1/clients/[0-9a-f-]{36}$"}
        if "etag" in headers:
            match["/response/headers/etag"] = etag
            # Captured when a later request sends it back as If-None-Match.
            if any(later["request"].get("headers", {}).get("if-none-match") == headers["etag"] for later in exchanges[position + 1:]):
                captured[headers["etag"]] = "etag"
                exchange.setdefault("capture", {})["etag"] = "/response/headers/etag"
        if isinstance(answer, dict):
            for claim in ("exp", "iat", "nbf"):  # introspection: times of the run
                if claim in answer:
                    match[f"/response/body/{claim}"] = "any"
            for index, key in enumerate(answer.get("keys", []) if request["path"] == "/.well-known/jwks.json" else []):
                if "x" in key:  # the public key: a new key pair each run
                    match[f"/response/body/keys/{index}/x"] = "any"
        for index, event in enumerate(exchange.get("events", [])):
            if isinstance(event["payload"].get("key_id"), str):  # the signing key, named by day and a random suffix
                match[f"/events/{index}/payload/key_id"] = key_id
        if not match:
            exchange.pop("match")
    (out_dir / path.name).write_text(json.dumps(cassette, indent=2, sort_keys=True, ensure_ascii=False, separators=(',', ' : ')) + "\n")
PY
echo "recorded into $out: $(ls "$work/cassettes" | tr '\n' ' ')"
