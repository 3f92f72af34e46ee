#!/usr/bin/env bash
# Installs the cl100k_base and o200k_base BPE vocabularies (tiktoken's `.tiktoken` format) that
# AccordTokenizer loads, plus Python tiktoken, the reference its accuracy tests compare against.
#
# Usage: scripts/fetch-tokenizers.sh [DEST]   (DEST defaults to .tokenizers at the repo root)
#
# Only PyPI is reachable from our machines, so the files come out of the litellm wheel, which
# ships them under tiktoken's cache-key names. Each file is checked against the SHA-256 recorded
# below (the same hashes tiktoken's own openai_public.py expects), so a changed wheel cannot slip
# a different vocabulary in. Idempotent: with both files present and intact it only checks them.
set -euo pipefail

cd "$(dirname "$0")/.."

dest=${1:-.tokenizers}
litellm_version=1.110.2
tiktoken_version=0.14.0
wheel_dir=litellm/litellm_core_utils/tokenizers

# name in the wheel | installed name | SHA-256
vocabularies=(
  "9b5ad71b2ce5302211f9c61530b329a4922fc6a4 cl100k_base.tiktoken 223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
  "fb374d419588a4632f3f557e76b4b70aebbca790 o200k_base.tiktoken 446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
)

log() { printf 'fetch-tokenizers: %s\n' "$*" >&2; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

has_intact() { [ -f "$1" ] && [ "$(sha256_of "$1")" = "$2" ]; }

missing=()
for entry in "${vocabularies[@]}"; do
  read -r member name hash <<<"$entry"
  has_intact "$dest/$name" "$hash" || missing+=("$entry")
done

if [ "${#missing[@]}" -gt 0 ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  log "downloading litellm==$litellm_version from PyPI (for its bundled vocabularies)"
  python3 -m pip download -q --no-deps --disable-pip-version-check "litellm==$litellm_version" -d "$work" >&2
  wheel=$(find "$work" -maxdepth 1 -name 'litellm-*.whl' | head -n 1)
  [ -n "$wheel" ] || { log "pip download produced no litellm wheel"; exit 1; }
  mkdir -p "$dest"
  for entry in "${missing[@]}"; do
    read -r member name hash <<<"$entry"
    # Python's zipfile extracts one member without needing the Debian unzip package.
    python3 - "$wheel" "$wheel_dir/$member" "$work/$name" <<'PYTHON'
import shutil, sys, zipfile
wheel, member, target = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as source, open(target, "wb") as out:
    shutil.copyfileobj(source, out)
PYTHON
    actual=$(sha256_of "$work/$name")
    if [ "$actual" != "$hash" ]; then
      log "refusing $name: SHA-256 is $actual, expected $hash (litellm $litellm_version, $member)"
      exit 1
    fi
    mv "$work/$name" "$dest/$name"
    log "installed $dest/$name"
  done
fi

if ! python3 -c 'import tiktoken' 2>/dev/null; then
  log "installing Python tiktoken==$tiktoken_version (the reference for the accuracy tests)"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore "tiktoken==$tiktoken_version" >&2
fi
