#!/usr/bin/env bash
# Compares our code generator with apple/swift-openapi-generator 1.14.3 on the same specs:
# generation time and the debug build time of the generated modules (docs/benchmarks.md).
# Builds both generators the same way (release by default; --configuration debug for both)
# in a scratch folder outside the repository, then hands every argument to
# scripts/benchmark_codegen.py, which measures and prints the tables. Builds run under
# `nice -n 10` so they yield to whoever else is building on the machine.
#
#   scripts/benchmark-codegen.sh [--runs N] [--build-runs N] [--specs a,b] [--skip-build]
#
# Spec paths given to --specs are relative to the current directory.
set -euo pipefail
repository="$(cd "$(dirname "$0")/.." && pwd)"
helper="$repository/scripts/benchmark_codegen.py"

work_dir="${ACCORD_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/accord-bench}"
their_version="1.14.3"
configuration="release"
previous=""
for argument in "$@"; do
  case "$argument" in
    -h | --help) exec python3 "$helper" --ours - --theirs - --work-dir - --help ;;
    --configuration=*) configuration="${argument#*=}" ;;
  esac
  if [[ "$previous" == "--configuration" ]]; then configuration="$argument"; fi
  previous="$argument"
done
mkdir -p "$work_dir"

echo "== building our codegen ($configuration, scratch $work_dir/accord-$configuration)" >&2
nice -n 10 swift build -c "$configuration" --product codegen \
  --package-path "$repository" --scratch-path "$work_dir/accord-$configuration" >&2
ours="$work_dir/accord-$configuration/$configuration/codegen"
# Which module each generated folder becomes and what its imports resolve to, read from our
# Package.swift, so the module-build measurement follows the generator as its output grows.
swift package dump-package --package-path "$repository" --scratch-path "$work_dir/accord-$configuration" \
  >"$work_dir/accord-manifest.json"

# swift-openapi-generator's CLI, built once from the package mirror through a scratch package
# that only depends on it; skipped when the binary is already there.
their_package="$work_dir/sog"
theirs="$their_package/.build/$configuration/swift-openapi-generator"
if [[ ! -x "$theirs" ]]; then
  echo "== building swift-openapi-generator $their_version ($configuration; the first time compiles OpenAPIKit, minutes)" >&2
  mkdir -p "$their_package"
  cat >"$their_package/Package.swift" <<EOF
// swift-tools-version:6.2
// Scratch package written by Accord's scripts/benchmark-codegen.sh: builds the
// swift-openapi-generator CLI at a pinned version, to compare generators.
import PackageDescription

let package = Package(
    name: "SOGBench",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "$their_version")
    ],
    targets: []
)
EOF
  nice -n 10 swift build -c "$configuration" --product swift-openapi-generator --package-path "$their_package" >&2
fi

exec python3 "$helper" --ours "$ours" --theirs "$theirs" --work-dir "$work_dir" \
  --accord-manifest "$work_dir/accord-manifest.json" "$@"
