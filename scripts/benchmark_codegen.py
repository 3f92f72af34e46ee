#!/usr/bin/env python3
"""Compares Accord's code generator with apple/swift-openapi-generator on the same specs.

Run through scripts/benchmark-codegen.sh, which builds both generators first; docs/benchmarks.md
explains what is measured and how to read the figures. Two figures per spec and comparison:
the wall time of generating Swift (median of --runs), and the debug build time of the
generated modules, with their dependencies already built (median of --build-runs). "types"
compares our full output with swift-openapi-generator's `types` only; "all" compares it with
`types`, `server` and `client`.
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.5
THEIR_MODULE = "GeneratedAPI"
THEIR_MODES = {"types": ["types"], "all": ["types", "server", "client"]}
THEIR_DEPENDENCIES = {  # what swift-openapi-generator's output imports, and where it comes from
    "OpenAPIRuntime": ("https://github.com/apple/swift-openapi-runtime", 'exact: "1.13.4"'),
    "HTTPTypes": ("https://github.com/apple/swift-http-types", 'from: "1.7.0"'),
}
IMPORT = re.compile(
    r"^[ \t]*(?:@[\w.]+(?:\([^)]*\))?[ \t]+)*(?:(?:public|package|internal|fileprivate|private)[ \t]+)?"
    r"import[ \t]+(?:(?:struct|class|enum|protocol|typealias|func|var|let)[ \t]+)?(\w+)",
    re.MULTILINE,
)


@dataclass
class Output:
    """What one generator produced for one spec, and how long that took."""

    directory: Path
    files: int = 0
    lines: int = 0
    wall_ms: list = field(default_factory=list)
    cpu_ms: list = field(default_factory=list)
    build_s: list = field(default_factory=list)
    null_build_s: float | None = None
    generation_error: str | None = None
    build_error: str | None = None


@dataclass
class ModulePackage:
    """A scratch package that builds one generator's output for one spec."""

    path: Path
    generated_modules: list
    output: Output


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="generation runs per generator and spec (median; default 5)")
    parser.add_argument("--build-runs", type=int, default=3, help="timed module builds per output (median; default 3)")
    parser.add_argument("--specs", help="comma-separated spec paths instead of the default three")
    parser.add_argument("--skip-build", action="store_true", help="measure generation only, not the module builds")
    parser.add_argument("--configuration", choices=["release", "debug"], default="release", help="how both generators are built")
    parser.add_argument("--ours", required=True, help="Accord's codegen binary")
    parser.add_argument("--theirs", required=True, help="the swift-openapi-generator binary")
    parser.add_argument("--work-dir", required=True, help="scratch folder for outputs and module packages")
    parser.add_argument("--accord-manifest", help="our `swift package dump-package` JSON (needed for the builds)")
    arguments = parser.parse_args()
    if arguments.runs < 1 or arguments.build_runs < 1:
        parser.error("--runs and --build-runs must be at least 1")
    return arguments


# Specs


def default_specs():
    """The contract plus the two largest OpenAPI documents of the shared corpus."""
    shared = Path(os.environ.get("ACCORD_SHARED_DIR", REPOSITORY.parent / "shared")) / "specs"
    documents = [path for path in shared.iterdir() if path.is_file() and is_openapi_document(path)]
    largest = sorted(documents, key=lambda path: path.stat().st_size, reverse=True)[:2]
    return [REPOSITORY / "contracts/openapi.yaml"] + largest


def is_openapi_document(path):
    if path.suffix == ".json":
        try:
            return "openapi" in json.loads(path.read_text())
        except (ValueError, UnicodeDecodeError):
            return False
    if path.suffix in (".yaml", ".yml"):
        return re.search(r"^openapi:", path.read_text(errors="replace"), re.MULTILINE) is not None
    return False


def display_name(spec):
    try:
        return str(spec.resolve().relative_to(REPOSITORY))
    except ValueError:
        return spec.name


def slug(spec):
    return re.sub(r"[^A-Za-z0-9]+", "-", display_name(spec)).strip("-").lower()


# Processes and files


def run_timed(command):
    """Runs `command`; returns (exit status, combined output, wall ms, user+system CPU ms)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall_ms = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_ms = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
    return completed.returncode, completed.stdout, wall_ms, cpu_ms


def error_summary(text, count):
    """The first `count` distinct `error:` messages of a tool's output, else its last lines."""
    errors = list(dict.fromkeys(re.findall(r"error: .*", text)))
    lines = errors[:count] if errors else [line for line in text.strip().splitlines() if line.strip()][-count:]
    return "\n".join("    " + line for line in lines) or "    (no output)"


def swift_files(directory):
    return sorted(path for path in directory.rglob("*.swift") if path.is_file())


def write_if_changed(path, data):
    """Leaves files whose bytes are unchanged alone, so what is built stays built between runs."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def mirror_swift_files(files, source, destination):
    """Makes `destination` hold exactly `files` (paths under `source`), at the same relative paths."""
    wanted = {path.relative_to(source): path.read_bytes() for path in files}
    if destination.exists():
        for path in swift_files(destination):
            if path.relative_to(destination) not in wanted:
                path.unlink()
    for relative, data in wanted.items():
        write_if_changed(destination / relative, data)


# Generation


def write_their_configs(work_dir):
    configs = {}
    for comparison, modes in THEIR_MODES.items():
        path = work_dir / "configs" / f"{comparison}.yaml"
        modes_yaml = "".join(f"  - {mode}\n" for mode in modes)
        write_if_changed(path, f"generate:\n{modes_yaml}accessModifier: public\nnamingStrategy: idiomatic\n".encode())
        configs[comparison] = path
    return configs


def generation_command(arguments, configs, name, spec, directory):
    if name == "ours":
        return [arguments.ours, "--openapi", str(spec), "--output", str(directory)]
    return [arguments.theirs, "generate", str(spec), "--config", str(configs[name]), "--output-directory", str(directory)]


def measure_generation(arguments, configs, spec):
    """Times every generator on `spec`, interleaving their runs so machine load hits each alike.

    Each run writes into a new, empty folder so neither generator can skip unchanged files. One
    untimed run first warms the page cache and keeps its output for counting and building. Our
    output is the same in both comparisons, so it is generated once per run.
    """
    outputs_root = Path(arguments.work_dir) / "outputs" / slug(spec)
    shutil.rmtree(outputs_root, ignore_errors=True)
    outputs = {name: Output(directory=outputs_root / name) for name in ["ours", *THEIR_MODES]}
    scratch = Path(tempfile.mkdtemp(prefix="runs-", dir=arguments.work_dir))
    try:
        for run in range(arguments.runs + 1):
            for name, output in outputs.items():
                if output.generation_error:
                    continue
                directory = output.directory if run == 0 else scratch / f"{name}-{run}"
                directory.mkdir(parents=True)
                status, text, wall_ms, cpu_ms = run_timed(generation_command(arguments, configs, name, spec, directory))
                if status != 0:
                    output.generation_error = f"exit status {status}:\n{error_summary(text, 3)}"
                elif run > 0:
                    output.wall_ms.append(wall_ms)
                    output.cpu_ms.append(cpu_ms)
                    shutil.rmtree(directory)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for output in outputs.values():
        if not output.generation_error:
            files = swift_files(output.directory)
            output.files = len(files)
            output.lines = sum(path.read_bytes().count(b"\n") for path in files)
    return outputs


# Module packages


def swift_package_dependency(url, requirement):
    return f'        .package(url: "{url}", {requirement}),\n'


def swift_target(name, local_dependencies, products):
    """`products` maps each product the target uses to its package identity."""
    entries = [f'"{dependency}"' for dependency in local_dependencies]
    entries += [f'.product(name: "{product}", package: "{package}")' for product, package in sorted(products.items())]
    return f'        .target(name: "{name}", dependencies: [{", ".join(entries)}], path: "Sources/{name}"),\n'


def manifest(package_dependencies, targets):
    return (
        "// swift-tools-version:6.2\n// Written by Accord's scripts/benchmark_codegen.py.\nimport PackageDescription\n\n"
        'let package = Package(\n    name: "BenchmarkModule",\n'
        f"    dependencies: [\n{''.join(package_dependencies)}    ],\n"
        f"    targets: [\n{''.join(targets)}    ],\n"
        "    swiftLanguageModes: [.v6]\n)\n"
    )


def their_module_package(arguments, name, output):
    package = Path(arguments.work_dir) / "modules" / name
    dependencies = [swift_package_dependency(url, requirement) for url, requirement in THEIR_DEPENDENCIES.values()]
    products = [f'.product(name: "{product}", package: "{url.rsplit("/", 1)[-1]}")' for product, (url, _) in THEIR_DEPENDENCIES.items()]
    target = f'        .target(name: "{THEIR_MODULE}", dependencies: [{", ".join(products)}], path: "Sources/{THEIR_MODULE}"),\n'
    write_if_changed(package / "Package.swift", manifest(dependencies, [target]).encode())
    mirror_swift_files(swift_files(output.directory), output.directory, package / "Sources" / THEIR_MODULE)
    return ModulePackage(package, [THEIR_MODULE], output)


class AccordManifest:
    """Our Package.swift as `swift package dump-package` prints it: which module each generated
    folder becomes, and where the hand-written runtimes and external products it imports live."""

    def __init__(self, path):
        document = json.loads(Path(path).read_text())
        self.targets = {target["name"]: target for target in document["targets"]}
        self.product_packages = {}
        for target in document["targets"]:
            for dependency in target["dependencies"]:
                if "product" in dependency:
                    self.product_packages[dependency["product"][0]] = dependency["product"][1].lower()
        self.packages = {}
        for dependency in document["dependencies"]:
            for source in dependency.get("sourceControl", []):
                self.packages[source["identity"]] = source

    def module_for_generated_folder(self, folder):
        for name, target in self.targets.items():
            if target.get("path") == f"Sources/Generated/{folder}":
                return name
        return folder

    def package_line(self, identity):
        source = self.packages[identity]
        url = source["location"]["remote"][0]["urlString"]
        requirement = source["requirement"]
        if "exact" in requirement:
            return swift_package_dependency(url, f'exact: "{requirement["exact"][0]}"')
        bounds = requirement["range"][0]
        return swift_package_dependency(url, f'"{bounds["lowerBound"]}"..<"{bounds["upperBound"]}"')


def our_module_package(arguments, accord, name, output):
    """Our output becomes the modules Package.swift makes of it (API/ → AccordAPI, …). Each
    depends on what it imports; the hand-written targets among those are copied with their own
    declared dependencies, so the package keeps building as the generator's output grows."""
    package = Path(arguments.work_dir) / "modules" / name
    folders = {}
    for path in swift_files(output.directory):
        parts = path.relative_to(output.directory).parts
        folders.setdefault(parts[0] if len(parts) > 1 else "", []).append(path)
    generated = {accord.module_for_generated_folder(folder or "Generated"): folder for folder in folders}
    targets, modules, package_identities = [], set(), set()

    def add_target(module, dependencies, files, root):
        modules.add(module)
        local = [dependency for dependency in dependencies if dependency in generated or dependency in accord.targets]
        products = {
            dependency: accord.product_packages[dependency]
            for dependency in dependencies
            if dependency in accord.product_packages and dependency not in local
        }
        package_identities.update(products.values())
        targets.append(swift_target(module, local, products))
        mirror_swift_files(files, root, package / "Sources" / module)
        for dependency in local:
            if dependency not in generated and dependency not in modules:
                add_hand_written_target(dependency)

    def add_hand_written_target(module):
        target = accord.targets[module]
        if target["type"] != "regular":
            raise RuntimeError(f"generated code needs {module}, a {target['type']} target this benchmark cannot copy")
        root = REPOSITORY / (target.get("path") or f"Sources/{module}")
        declared = [next(iter(dependency.values()))[0] for dependency in target["dependencies"]]
        add_target(module, declared, swift_files(root), root)

    for module, folder in generated.items():
        files = folders[folder]
        imports = {match for path in files for match in IMPORT.findall(path.read_text(errors="replace"))}
        add_target(module, sorted(imports - {module}), files, output.directory / folder)
    dependencies = [accord.package_line(identity) for identity in sorted(package_identities)]
    write_if_changed(package / "Package.swift", manifest(dependencies, targets).encode())
    for stale in (package / "Sources").iterdir():
        if stale.name not in modules:
            shutil.rmtree(stale)
    return ModulePackage(package, sorted(generated), output)


# Module builds


def swift_build(package):
    return run_timed(["nice", "-n", "10", "swift", "build", "--package-path", str(package.path)])


COMPILE_PRODUCTS = (".o", ".d", ".dia", ".swiftdeps", ".priors", ".swiftmodule", ".swiftdoc", ".swiftsourceinfo", ".abi.json")


def delete_generated_products(package):
    """Removes what compiling the generated modules produced (objects, dependency records, the
    incremental state and the modules), so the next build compiles them from scratch while every
    dependency stays built. What SwiftPM writes when planning (the output file map) stays."""
    debug = package.path / ".build" / "debug"
    for module in package.generated_modules:
        for path in (debug / f"{module}.build").rglob("*"):
            if path.is_file() and path.name.endswith(COMPILE_PRODUCTS):
                path.unlink()
        for path in (debug / "Modules").glob(f"{module}.*"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def compiled_since(package, start):
    for module in package.generated_modules:
        objects = list((package.path / ".build" / "debug" / f"{module}.build").rglob("*.o"))
        if not objects or any(path.stat().st_mtime < start for path in objects):
            return False
    return True


def measure_builds(arguments, packages):
    """Builds each package twice (the first builds its dependencies; after a first build, SwiftPM
    rebuilds some of Hummingbird once more), times a build with nothing to do, then times builds
    of the generated modules alone, interleaved across packages."""
    ready = []
    for package in packages:
        status, text, _, _ = swift_build(package)
        if status == 0:
            status, text, _, _ = swift_build(package)
        if status != 0:
            package.output.build_error = f"the generated code does not compile (exit status {status}):\n{error_summary(text, 8)}"
            continue
        package.output.null_build_s = swift_build(package)[2] / 1000
        ready.append(package)
    for _ in range(arguments.build_runs):
        for package in ready:
            if package.output.build_error:
                continue
            delete_generated_products(package)
            start = time.time() - 1
            status, text, wall_ms, _ = swift_build(package)
            if status != 0 or not compiled_since(package, start):
                package.output.build_error = f"timed build failed (exit status {status}):\n{error_summary(text, 8)}"
                package.output.build_s.clear()
            else:
                package.output.build_s.append(wall_ms / 1000)


# Report


def median(values):
    return statistics.median(values) if values else None


def ratio(ours, theirs):
    return ours / theirs if ours is not None and theirs else None


def formatted(value, digits):
    return "failed" if value is None else f"{value:,.{digits}f}"


def print_spec_report(spec, outputs, arguments):
    print(f"\n## {display_name(spec)} ({spec.stat().st_size / 1024:.0f} KiB)\n")
    print("| comparison | gen ms ours | gen ms theirs | ratio | build s ours | build s theirs | ratio |")
    print("|" + "---|" * 7)
    ours = outputs["ours"]
    ratios = {}
    for comparison in THEIR_MODES:
        theirs = outputs[comparison]
        generation = (median(ours.wall_ms), median(theirs.wall_ms))
        build = (median(ours.build_s), median(theirs.build_s))
        cpu_ratio = ratio(median(ours.cpu_ms), median(theirs.cpu_ms))
        ratios[comparison] = (ratio(*generation), None if arguments.skip_build else ratio(*build), cpu_ratio)
        cells = [comparison, formatted(generation[0], 1), formatted(generation[1], 1), formatted(ratios[comparison][0], 2)]
        if arguments.skip_build:
            cells += ["skipped"] * 3
        else:
            cells += [formatted(build[0], 2), formatted(build[1], 2), formatted(ratios[comparison][1], 2)]
        print("| " + " | ".join(cells) + " |")
    print()
    for name, label in [("ours", "ours"), ("types", "theirs, types"), ("all", "theirs, types+server+client")]:
        output = outputs[name]
        if output.generation_error:
            generator = "codegen" if name == "ours" else "swift-openapi-generator"
            print(f"- {label}: {generator} failed on this spec, {output.generation_error}")
            continue
        details = f"{output.files} files, {output.lines:,} lines; generation CPU {formatted(median(output.cpu_ms), 1)} ms (user+sys, median)"
        if output.null_build_s is not None:
            details += f"; null build {output.null_build_s:.2f} s"
        print(f"- {label}: {details}")
        if output.build_error:
            print(f"  build failed: {output.build_error}")
    return ratios


def note_on_our_scope(outputs_by_spec):
    """Says which of client and server our output lacks, since that makes "all" lopsided."""
    path_parts = {
        part.lower()
        for outputs in outputs_by_spec.values()
        if not outputs["ours"].generation_error
        for path in swift_files(outputs["ours"].directory)
        for part in path.relative_to(outputs["ours"].directory).parts
    }
    missing = [kind for kind in ("client", "server") if not any(kind in part for part in path_parts)]
    if path_parts and missing:
        print(
            f"\nnote: our output has no {' or '.join(missing)} code yet, so 'all' compares our "
            "incomplete output with swift-openapi-generator's complete one."
        )


def print_summary(ratios_by_spec, arguments):
    print(f"\n## Summary (target: ours/theirs ≤ {TARGET_RATIO} on every spec measured; the worst spec decides)\n")
    kinds = [("generation", 0)] + ([] if arguments.skip_build else [("build", 1)])
    for comparison in THEIR_MODES:
        for kind, index in kinds:
            measured = {spec: ratios[comparison][index] for spec, ratios in ratios_by_spec.items() if ratios[comparison][index] is not None}
            if not measured:
                print(f"{comparison} {kind} ratio ≤ {TARGET_RATIO}: no spec measured by both generators")
                continue
            worst_spec, worst = max(measured.items(), key=lambda item: item[1])
            distance = abs(worst - TARGET_RATIO) / TARGET_RATIO * 100
            cpu = ""
            if kind == "generation":
                # Wall time on a busy machine includes waiting for a core, which weighs most on the
                # shorter run; the CPU-time ratio shows whether load decided the verdict.
                cpu = f"; CPU-time ratio there {formatted(ratios_by_spec[worst_spec][comparison][2], 2)}"
            print(
                f"{comparison} {kind} ratio ≤ {TARGET_RATIO}: {'met' if worst <= TARGET_RATIO else 'missed'} by {distance:.0f}% "
                f"(worst {worst:.2f} on {display_name(worst_spec)}{cpu}; {len(measured)} of {len(ratios_by_spec)} specs measured)"
            )


def main():
    arguments = parse_arguments()
    started = time.perf_counter()
    specs = [Path(spec).resolve() for spec in arguments.specs.split(",")] if arguments.specs else default_specs()
    Path(arguments.work_dir).mkdir(parents=True, exist_ok=True)
    configs = write_their_configs(Path(arguments.work_dir))
    print(
        f"# Codegen benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores, "
        f"both generators built {arguments.configuration}; generation: median of {arguments.runs}; "
        f"module builds (debug): median of {arguments.build_runs}"
    )
    print("specs: " + ", ".join(display_name(spec) for spec in specs), flush=True)

    outputs_by_spec = {}
    for spec in specs:
        print(f"generating from {display_name(spec)} ...", file=sys.stderr, flush=True)
        outputs_by_spec[spec] = measure_generation(arguments, configs, spec)

    if not arguments.skip_build:
        accord = AccordManifest(arguments.accord_manifest)
        packages = []
        for spec, outputs in outputs_by_spec.items():
            for name, output in outputs.items():
                if output.generation_error:
                    continue
                if name == "ours":
                    try:
                        packages.append(our_module_package(arguments, accord, f"ours-{slug(spec)}", output))
                    except (RuntimeError, KeyError) as error:
                        output.build_error = f"cannot lay out a package for our output: {error}"
                else:
                    packages.append(their_module_package(arguments, f"theirs-{name}-{slug(spec)}", output))
        print(f"building {len(packages)} module packages (the first build of each builds its dependencies) ...", file=sys.stderr, flush=True)
        measure_builds(arguments, packages)

    ratios_by_spec = {spec: print_spec_report(spec, outputs, arguments) for spec, outputs in outputs_by_spec.items()}
    note_on_our_scope(outputs_by_spec)
    print_summary(ratios_by_spec, arguments)
    print(f"\nmeasuring took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
