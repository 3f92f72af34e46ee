#!/usr/bin/env bash
# Records the Runtime cassettes (providers, a streamed chat, conversation steps, training mode)
# from a real server in record mode and the real embedded model, into
# Tests/Recorded/Cassettes/runtime/. Run after a build; review the diff before committing
# (docs/recorded-traffic.md). Uses the model at ACCORD_TEST_MODEL_URL, else starts one.
set -euo pipefail
cd "$(dirname "$0")/../.."

out="Tests/Recorded/Cassettes/runtime"
source scripts/record/lib.sh

model_url="${ACCORD_TEST_MODEL_URL:-}"
if [ -z "$model_url" ]; then
  model_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  .venv-llm/bin/python scripts/llm/serve-model.py --port "$model_port" >"$work/model.out" 2>"$work/model.log" &
  model=$!
  trap 'kill ${server:-} ${model:-} 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 600); do grep -q ready "$work/model.out" && break; sleep 0.1; done
  model_url="http://127.0.0.1:$model_port"
fi
provider() { # base_url [is_default]
  echo "{\"kind\":\"openai-compatible\",\"display_name\":\"Local SmolLM2\",\"base_url\":\"$1\",\"models\":[\"smollm2-135m\"],\"api_key_ref\":{\"source\":\"none\"},\"input_price_per_million\":0.5,\"output_price_per_million\":1.5,\"is_default\":${2:-true}}"
}
paris='{"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"What is the capital of France?"}],"temperature":0,"max_tokens":24}'

s=providers
start $s "providers:read providers:admin"
call $s "put a provider: 201, the first becomes the default" PUT /v1/providers/local "$(provider http://127.0.0.1:9/v1 false)"
call $s "replace it: 200" PUT /v1/providers/local "$(provider http://127.0.0.1:9/v1)"
call $s "read it" GET /v1/providers/local
call $s "an Anthropic provider whose key variable is unset: 422 naming /api_key_ref" PUT /v1/providers/claude \
  '{"kind":"anthropic","base_url":"https://api.anthropic.com","models":["claude-3-5-haiku-latest"],"api_key_ref":{"source":"env","variable":"UNSET_RECORDING_KEY"}}'
call $s "a kind the contract does not know: 422 naming /kind" PUT /v1/providers/gem \
  '{"kind":"gemini","base_url":"https://models.example","models":["g-1"],"api_key_ref":{"source":"none"}}'
call $s "the default cannot be deleted: 409" DELETE /v1/providers/local
call $s "a second provider, made the default" PUT /v1/providers/backup "$(provider http://127.0.0.1:9/v1 true)"
call $s "list them, one per page" GET "/v1/providers?limit=1"
call $s "delete the first: 204" DELETE /v1/providers/local
call $s "it is gone: 404" GET /v1/providers/local
stop

s=chat-stream
start $s "chat:write chat:read providers:admin"
call $s "the embedded model as the default provider" PUT /v1/providers/local "$(provider "$model_url/v1")"
call_stream $s "ask, streamed event by event" /v1/chat/stream "$paris"
call $s "the conversation it started" GET /v1/conversations
call_stream $s "credentials in a prompt: 403 before any model call" /v1/chat/stream \
  '{"messages":[{"role":"user","content":"Store my key sk-proj-abcdefghijklmnopqrstuvwx0123 for later."}]}'
stop

s=chat-stream-anthropic
start $s "chat:write chat:read providers:admin"
call $s "the embedded model as an Anthropic provider (its server speaks the Messages API too)" PUT /v1/providers/claude \
  "{\"kind\":\"anthropic\",\"display_name\":\"Local SmolLM2, Messages API\",\"base_url\":\"$model_url/v1\",\"models\":[\"smollm2-135m\"],\"api_key_ref\":{\"source\":\"none\"},\"input_price_per_million\":0.5,\"output_price_per_million\":1.5,\"is_default\":true}"
call_stream $s "ask, streamed event by event" /v1/chat/stream "$paris"
call_stream $s "a temperature the Messages API refuses: 422 before any model call" /v1/chat/stream \
  '{"messages":[{"role":"user","content":"Hi"}],"temperature":1.5}'
stop

s=conversation-step
start $s "chat:write chat:read providers:admin"
call $s "the embedded model as the default provider" PUT /v1/providers/local "$(provider "$model_url/v1")"
call $s "one turn, not streamed" POST /v1/conversation/step "$paris"
conversation=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["exchanges"][-1]["response"]["body"]["conversation_id"])' "$work/cassettes/$s.json")
call $s "continue the conversation" POST /v1/conversation/step \
  "{\"conversation_id\":\"$conversation\",\"messages\":[{\"role\":\"user\",\"content\":\"And of Italy?\"}],\"temperature\":0,\"max_tokens\":16}"
call $s "its turns, one per page" GET "/v1/conversations/$conversation/turns?limit=1"
call $s "the conversation" GET "/v1/conversations/$conversation"
call $s "a model the provider does not serve: 422" POST /v1/conversation/step \
  '{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}'
stop

s=training-mode
start $s "training:admin providers:admin"
call $s "off" GET /v1/training-mode
call $s "acquire the lock" POST /v1/training-mode/lock '{"reason":"Nightly fine-tuning run.","lease_seconds":600}'
lock=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["exchanges"][-1]["response"]["body"]["lock_id"])' "$work/cassettes/$s.json")
call $s "held: a second acquisition is refused with the holder (409)" POST /v1/training-mode/lock '{"reason":"Another run."}'
call $s "provider changes are refused while it is on (423)" PUT /v1/providers/local "$(provider http://127.0.0.1:9/v1)"
call $s "renew the lease" POST /v1/training-mode/renew "{\"lock_id\":\"$lock\",\"lease_seconds\":1200}"
call $s "release it" POST /v1/training-mode/unlock "{\"lock_id\":\"$lock\",\"note\":\"Run finished.\"}"
call $s "a released lock cannot be released again (409)" POST /v1/training-mode/unlock "{\"lock_id\":\"$lock\"}"
stop

mkdir -p "$out"
# The reviewed part: what each scenario shows, and the values that differ per run.
python3 - "$work/cassettes" "$out" "$model_url/v1" <<'PY'
import json, pathlib, sys
source_dir, out_dir, model_base_url = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
uuid = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
summaries = {
    "providers": "Put a provider (201; the first becomes the default), replace it (200), read it; an Anthropic "
    "provider with an unreadable key and a kind the contract does not know (422 by field); the default cannot be "
    "deleted (409); a second default takes the flag; page through the list; delete (204) and 404. The API key appears "
    "only as its reference.",
    "chat-stream-anthropic": "The embedded model behind Anthropic's Messages API (llama.cpp serves it beside the "
    "OpenAI protocol) answers a streamed chat event by event, with the provider's own token counts; a temperature "
    "above the Messages API's 1 is refused (422) before any model call.",
    "chat-stream": "The embedded model (SmolLM2-135M, temperature 0) answers a streamed chat event by event: start, "
    "deltas, the output moderation verdict, usage with cost, done; the conversation it started is listed; credentials "
    "in a prompt are refused (403) before any model call. Turn events, model metrics and moderation decisions go to Kafka.",
    "conversation-step": "One turn without streaming, then a second in the same conversation (the history is sent to "
    "the model), the turns page by page, the conversation's figures; a model the provider does not serve (422).",
    "training-mode": "Acquire the training-mode lock; a second acquisition is refused naming the holder (409); provider "
    "changes answer 423 with Retry-After while it is on; renew, release, and a second release (409). Every transition "
    "and the refusal are on training.audit.",
}
for path in sorted(source_dir.glob("*.json")):
    cassette = json.loads(path.read_text())
    cassette["summary"] = summaries[cassette["scenario"]]
    captured = {}  # literal value → capture name, for ids later requests reuse
    for exchange in cassette["exchanges"]:
        request, response = exchange["request"], exchange["response"]
        text = json.dumps(request)
        for literal, name in captured.items():
            text = text.replace(literal, "${%s}" % name)
        request.update(json.loads(text))
        body = request.get("body")
        if isinstance(body, dict) and body.get("base_url") == model_base_url:
            body["base_url"] = "${secret:model_base_url}"
            exchange.setdefault("match", {})["/response/body/base_url"] = "any"
        answer = response.get("body")
        if isinstance(answer, dict):
            for name in ("conversation_id", "lock_id"):
                if isinstance(answer.get(name), str) and answer[name] not in captured:
                    captured[answer[name]] = name
                    exchange.setdefault("capture", {})[name] = f"/response/body/{name}"
            if "retry-after" in response.get("headers", {}):
                exchange.setdefault("match", {})["/response/headers/retry-after"] = {"pattern": "^[0-9]+$"}
        stream = exchange.get("stream")
        if isinstance(stream, dict):  # SSE ids are <stream id>:<sequence>; the stream id is new each run
            for index, _ in enumerate(stream.get("events", [])):
                exchange.setdefault("match", {})[f"/stream/events/{index}/id"] = {"pattern": uuid[:-1] + f":{index}$"}
        if isinstance(answer, dict) and "lease_expires_at" in answer and response["status"] in (409, 423):
            # The holder's lease ends at a time of the run: named in the detail and as a member.
            match = exchange.setdefault("match", {})
            match["/response/body/lease_expires_at"] = {"withinSeconds": 1300}
            match["/response/body/detail"] = {"pattern": "^Training mode is (held by|enabled until) .+\\.$"}
        for index, event in enumerate(exchange.get("events", [])):
            match = exchange.setdefault("match", {})
            if event["topic"] == "policy.decisions":  # moderation decides at the request's own time
                match[f"/events/{index}/payload/input_digest"] = {"pattern": "^[0-9a-f]{64}$"}
            if event["topic"] == "training.audit" and event["payload"].get("transition") == "refused":
                # The refusal names the holder's lease end, a time of the run.
                match[f"/events/{index}/payload/reason"] = {"pattern": "^held by .+ until .+$"}
            if event["topic"] in ("conversation.events", "slm.metrics"):  # keyed by the new conversation's id
                match[f"/events/{index}/key"] = {"pattern": uuid}
        if not exchange.get("match"):
            exchange.pop("match", None)
    (out_dir / path.name).write_text(json.dumps(cassette, indent=2, sort_keys=True, ensure_ascii=False, separators=(',', ' : ')) + "\n")
PY
echo "recorded into $out: $(ls "$work/cassettes" | tr '\n' ' ')"
