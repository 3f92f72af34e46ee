#!/usr/bin/env bash
# Serves Accord on the embedded default (SQLite under ./data, 127.0.0.1:8080), installing and
# building what is missing first. Extra arguments go to accord-server (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
swift build --product accord-server
exec .build/debug/accord-server "$@"
