"""Gateway overhead of /v1/chat/stream, measured against the model server itself in one run.

1. Overhead: the same prompt (temperature 0, so the same tokens) streamed alternately straight
   from the model server and through Accord, sequentially; per request the time to the first
   content token and the output tokens per second after it. Medians are compared.
2. Load: N concurrent clients each opening streams back to back for S seconds through Accord;
   completed streams, errors (a non-200, an `error` event, a stream without `done`), and the
   server's resident memory sampled every second.

Run by scripts/benchmark-runtime.sh, which builds the server and starts it and the model.
"""
import argparse
import http.client
import json
import statistics
import threading
import time
import urllib.parse


def stream(url: str, headers: dict, body: dict, accord: bool) -> dict:
    """One streamed request; returns first-token time, token count and timings."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    started = time.perf_counter()
    connection.request("POST", parts.path, body=json.dumps(body), headers={"Content-Type": "application/json", **headers})
    response = connection.getresponse()
    result = {"status": response.status, "head": time.perf_counter() - started, "first": None, "last": None, "tokens": 0,
              "done": False, "error": None}
    if response.status != 200:
        result["error"] = f"status {response.status}: {response.read()[:200]!r}"
        connection.close()
        return result
    while True:
        line = response.readline()
        if not line:
            break
        if not line.startswith(b"data:"):
            continue
        data = line[5:].strip()
        if data == b"[DONE]":
            result["done"] = True
            break
        event = json.loads(data)
        content = None
        if accord:
            kind = event.get("type")
            if kind == "delta":
                content = event["content"]
            elif kind == "done":
                result["done"] = True
                break
            elif kind == "error":
                result["error"] = event["problem"].get("detail")
                break
        else:
            choices = event.get("choices") or []
            if choices:
                content = (choices[0].get("delta") or {}).get("content")
        if content:
            now = time.perf_counter() - started
            result["first"] = result["first"] if result["first"] is not None else now
            result["last"] = now
            result["tokens"] += 1
    connection.close()
    if not result["done"] and result["error"] is None:
        result["error"] = "the stream ended without done"
    return result


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accord", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    arguments = parser.parse_args()

    messages = [{"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": "Describe the water cycle in a short paragraph."}]
    auth = {"Authorization": f"Bearer {arguments.token}"}
    accord_body = {"messages": messages, "temperature": 0, "max_tokens": 96}
    direct_body = {"model": "smollm2-135m", "messages": messages, "temperature": 0, "max_tokens": 96, "stream": True,
                   "stream_options": {"include_usage": True}}

    print("== overhead: the same prompt, alternately direct and through Accord, sequentially")
    stream(f"{arguments.model}/v1/chat/completions", {}, direct_body, accord=False)  # warm the prompt cache
    stream(f"{arguments.accord}/v1/chat/stream", auth, accord_body, accord=True)
    direct, through = [], []
    for _ in range(arguments.rounds):
        direct.append(stream(f"{arguments.model}/v1/chat/completions", {}, direct_body, accord=False))
        through.append(stream(f"{arguments.accord}/v1/chat/stream", auth, accord_body, accord=True))
    for name, results in (("direct", direct), ("accord", through)):
        failed = [r for r in results if r["error"]]
        if failed:
            raise SystemExit(f"{name}: {len(failed)} failed requests: {failed[0]['error']}")

    def figures(results):
        head = statistics.median(r["head"] * 1000 for r in results)
        first = statistics.median(r["first"] * 1000 for r in results)
        rate = statistics.median((r["tokens"] - 1) / (r["last"] - r["first"]) for r in results if r["tokens"] > 1)
        return head, first, rate, statistics.median(r["tokens"] for r in results)

    direct_head, direct_first, direct_rate, direct_tokens = figures(direct)
    accord_head, accord_first, accord_rate, accord_tokens = figures(through)
    # First byte: the response's status line and headers arrive. First token: the first content.
    print(f"direct   first byte {direct_head:7.2f} ms   first token {direct_first:7.2f} ms   {direct_rate:7.2f} tokens/s   ({direct_tokens:.0f} tokens)")
    print(f"accord   first byte {accord_head:7.2f} ms   first token {accord_first:7.2f} ms   {accord_rate:7.2f} tokens/s   ({accord_tokens:.0f} tokens)")
    print(f"overhead first byte {accord_head - direct_head:+7.2f} ms (target <= 2 ms)   first token {accord_first - direct_first:+7.2f} ms   "
          f"throughput {100 * (direct_rate - accord_rate) / direct_rate:+.2f}% (target <= 2%)")

    print(f"== load: {arguments.concurrency} concurrent streams through Accord for {arguments.seconds} s")
    deadline = time.monotonic() + arguments.seconds
    lock = threading.Lock()
    totals = {"completed": 0, "errors": 0, "tokens": 0, "first_error": None}
    load_body = dict(accord_body, max_tokens=64)

    def worker() -> None:
        while time.monotonic() < deadline:
            try:
                result = stream(f"{arguments.accord}/v1/chat/stream", auth, load_body, accord=True)
                error = result["error"]
            except Exception as failure:  # a broken connection is an error too
                result, error = {"tokens": 0}, repr(failure)
            with lock:
                if error:
                    totals["errors"] += 1
                    totals["first_error"] = totals["first_error"] or error
                else:
                    totals["completed"] += 1
                    totals["tokens"] += result["tokens"]

    before = rss_kib(arguments.server_pid)
    threads = [threading.Thread(target=worker) for _ in range(arguments.concurrency)]
    for thread in threads:
        thread.start()
    peak = before
    while any(thread.is_alive() for thread in threads):
        peak = max(peak, rss_kib(arguments.server_pid))
        time.sleep(1)
    after = rss_kib(arguments.server_pid)
    print(f"streams completed {totals['completed']}, tokens {totals['tokens']}, errors {totals['errors']}"
          + (f" (first: {totals['first_error']})" if totals["first_error"] else ""))
    print(f"accord-server RSS: {before / 1024:.1f} MiB before, {peak / 1024:.1f} MiB peak, {after / 1024:.1f} MiB after")


if __name__ == "__main__":
    main()
