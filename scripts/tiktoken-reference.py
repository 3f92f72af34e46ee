#!/usr/bin/env python3
"""Reference token ids from Python tiktoken, for AccordTokenizer's accuracy tests and benchmark.

Reads JSON lines {"encoding": "cl100k_base" | "o200k_base", "text": "..."} on stdin and prints
one JSON line {"count": N, "tokens": [...]} per input, in order. The vocabularies are the very
files AccordTokenizer loads (installed by scripts/fetch-tokenizers.sh), so the two
implementations can only differ in their code, never in their data.

The split patterns and special tokens come from tiktoken's own openai_public.py constructors
rather than being copied here, so this script always uses exactly what the installed tiktoken uses.

With --benchmark FILE it instead encodes the whole file --repeat times per encoding and prints
one JSON line per encoding with the tokens per second.
"""

import argparse
import json
import os
import sys
import time

import tiktoken
import tiktoken.load
import tiktoken_ext.openai_public as openai_public

FILE_NAMES = {"cl100k_base": "cl100k_base.tiktoken", "o200k_base": "o200k_base.tiktoken"}


def constructor_settings(name, ranks=None):
    """The pat_str and special_tokens that tiktoken's own openai_public.<name>() returns.

    The constructor is called with its vocabulary loader swapped for one that returns `ranks`
    (or nothing), because the real one would download the file from the internet.
    """
    original = openai_public.load_tiktoken_bpe
    openai_public.load_tiktoken_bpe = lambda *arguments, **keywords: ranks if ranks is not None else {}
    try:
        settings = getattr(openai_public, name)()
    finally:
        openai_public.load_tiktoken_bpe = original
    return settings["pat_str"], settings["special_tokens"]


def load_encoding(name, directory):
    ranks = tiktoken.load.load_tiktoken_bpe(os.path.join(directory, FILE_NAMES[name]))
    pat_str, special_tokens = constructor_settings(name, ranks)
    return tiktoken.Encoding(name=name, pat_str=pat_str, mergeable_ranks=ranks, special_tokens=special_tokens)


def serve(directory):
    encodings = {}
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        name = request["encoding"]
        if name not in encodings:
            encodings[name] = load_encoding(name, directory)
        tokens = encodings[name].encode_ordinary(request["text"])
        out.write(json.dumps({"count": len(tokens), "tokens": tokens}) + "\n")
    out.flush()


def benchmark(path, directory, repeat, names):
    with open(path, encoding="utf-8") as file:
        text = file.read()
    for name in names:
        encoding = load_encoding(name, directory)
        encoding.encode_ordinary(text)  # warm up
        start = time.perf_counter()
        total = 0
        for _ in range(repeat):
            total += len(encoding.encode_ordinary(text))
        elapsed = time.perf_counter() - start
        result = {
            "encoding": name,
            "implementation": f"python-tiktoken-{tiktoken.__version__}",
            "bytes": len(text.encode("utf-8")),
            "repeat": repeat,
            "tokens": total // repeat,
            "seconds": elapsed,
            "tokens_per_second": total / elapsed,
        }
        print(json.dumps(result), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=".tokenizers", help="directory holding the .tiktoken files")
    parser.add_argument("--benchmark", metavar="FILE", help="print encoding speed on FILE instead of serving stdin")
    parser.add_argument("--repeat", type=int, default=10, help="how many times --benchmark encodes the file")
    parser.add_argument(
        "--encoding", action="append", choices=sorted(FILE_NAMES), help="encodings to benchmark (default: both)"
    )
    parser.add_argument("--print-settings", action="store_true", help="print the pat_str and special tokens used")
    arguments = parser.parse_args()
    if arguments.print_settings:
        for name in sorted(FILE_NAMES):
            pat_str, special_tokens = constructor_settings(name)
            print(json.dumps({"encoding": name, "pat_str": pat_str, "special_tokens": special_tokens}))
    elif arguments.benchmark:
        benchmark(arguments.benchmark, arguments.dir, arguments.repeat, arguments.encoding or sorted(FILE_NAMES))
    else:
        serve(arguments.dir)


if __name__ == "__main__":
    main()
