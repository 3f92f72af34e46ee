#!/usr/bin/env bash
# Serves Accord on the embedded default (SQLite under ./data, 127.0.0.1:8080, the local model
# SmolLM2-135M as the default provider), installing and building what is missing first. Extra arguments go to accord-server (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
swift build --product accord-server
# The embedded model: started, and registered as the default provider, when no provider is
# configured (set ACCORD_LOCAL_MODEL_COMMAND= to start none).
export ACCORD_LOCAL_MODEL_COMMAND="${ACCORD_LOCAL_MODEL_COMMAND-.venv-llm/bin/python scripts/llm/serve-model.py --exit-with-parent}"
exec .build/debug/accord-server "$@"
