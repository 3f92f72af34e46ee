# Shared steps of the scripts/record/*.sh recorders, sourced after `cd` to the repository root.
# Each scenario runs on a fresh server (a new database) in record mode, as replay gives each
# scenario, logged in as the administrator replay servers start with.
#   start SCENARIO [SCOPES] a fresh server in record mode, and the administrator's token when
#                           SCOPES are given (else no token)
#   call SCENARIO EXCHANGE METHOD PATH [JSON [HEADER...]]  one recorded JSON exchange, sending
#                           $token as the bearer token when it is set; the response's headers
#                           and body are left in $work/response.headers and $work/response.body
#   call_stream SCENARIO EXCHANGE PATH JSON            one recorded Server-Sent Events exchange
#   issue SCENARIO EXCHANGE SCOPES  prints an administrator token, issued as a recorded exchange
#   stop                    stops the server
#   field EXPRESSION        prints a Python expression on the last response's body `b`
# Set server_environment (an array of NAME=VALUE) before `start` to configure the server.

work="$(mktemp -d)"
admin_id="a11ce000-0000-4000-8000-000000000001"          # ReplayServer.administratorID
admin_secret="replay-administrator-secret-0123456789"    # ReplayServer.secrets["client_secret"]
server_environment=()
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT

start() {
  rm -rf "$work/data" "$work/server.log"
  env "${server_environment[@]}" ACCORD_ADMIN_CLIENT_ID="$admin_id" ACCORD_ADMIN_CLIENT_SECRET="$admin_secret" \
    .build/debug/accord-server --port 0 --data-dir "$work/data" --issuer http://accord.test --record-dir "$work/cassettes" \
    >"$work/server.log" 2>&1 &
  server=$!
  port=""
  for _ in $(seq 100); do
    port=$(grep -o '"port":[0-9]*' "$work/server.log" | head -1 | cut -d: -f2 || true)
    [ -n "$port" ] && break
    sleep 0.1
  done
  base="http://127.0.0.1:$port"
  token=""
  if [ $# -ge 2 ]; then login "$1" "$2"; fi
}

stop() { kill "$server"; wait "$server" 2>/dev/null || true; }

call() {
  local scenario=$1 exchange=$2 method=$3 path=$4 body=${5:-}
  shift $(($# < 5 ? $# : 5))
  local args=(-s -o "$work/response.body" -D "$work/response.headers" -w "%{http_code} $scenario › $exchange\n"
    -X "$method" "$base$path"
    -H "X-Accord-Scenario: $scenario" -H "X-Accord-Exchange: $exchange" -H "Accept: application/json")
  [ -n "${token:-}" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H "Content-Type: application/json" --data "$body")
  local header
  for header in "$@"; do args+=(-H "$header"); done
  curl "${args[@]}"
}

call_stream() {
  local scenario=$1 exchange=$2 path=$3 body=$4
  curl -sN -o /dev/null -w "%{http_code} $scenario › $exchange\n" -X POST "$base$path" \
    -H "X-Accord-Scenario: $scenario" -H "X-Accord-Exchange: $exchange" -H "Accept: text/event-stream" \
    -H "Authorization: Bearer $token" -H "Content-Type: application/json" --data "$body"
}

# issue SCENARIO EXCHANGE SCOPES: an administrator token, issued as a recorded exchange (curl's
# default Accept).
issue() {
  curl -s -X POST "$base/v1/tokens/issue" -H "X-Accord-Scenario: $1" -H "X-Accord-Exchange: $2" \
    -H "Content-Type: application/json" \
    --data "{\"client_id\":\"$admin_id\",\"client_secret\":\"$admin_secret\",\"scope\":\"$3\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# login SCENARIO SCOPES: the administrator's token, issued as the scenario's first exchange.
login() { token=$(issue "$1" "an administrator token" "$2"); }

# field EXPRESSION: a Python expression on the last response's body `b`, printed.
field() {
  python3 -c "import json,sys; b=json.load(open(sys.argv[1])); print($1)" "$work/response.body"
}
