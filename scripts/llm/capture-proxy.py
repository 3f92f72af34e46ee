"""A recording HTTP proxy for one upstream: forwards every request to --target unchanged and
streams the answer back as it arrives, and appends one JSON line per request to --log:
{"method", "path", "headers", "body", "client_port"}. Tests put it between Accord and the model
server to see what Accord sends upstream (such as `traceparent`) without changing what the model
answers. Connections from the client are kept alive (HTTP/1.1, answers chunked), so
`client_port` tells which requests shared one; each request gets its own upstream connection.
--end-delay-ms holds back the end of each answer (the chunked body's last chunk) that long after
its last data, as a slow network can: a client that stops reading at the last event it needs
then finds its response unfinished. A client that closes its connection during that delay is
logged as {"event": "client_closed", "client_port", "after_last_data_ms"}.

    python3 scripts/llm/capture-proxy.py --port 0 --target http://127.0.0.1:18080 --log requests.jsonl

Prints `ready <port>` once listening; runs until killed (or, with --exit-with-parent, until
the process that started it ends).
"""
import argparse
import http.client
import http.server
import json
import os
import select
import signal
import socket
import threading
import time
import urllib.parse

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection", "host", "content-length"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--target", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--end-delay-ms", type=int, default=0)
    parser.add_argument("--exit-with-parent", action="store_true")
    arguments = parser.parse_args()
    target = urllib.parse.urlsplit(arguments.target)
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: the JSON log is the record
            pass

        def record(self, entry: dict) -> None:
            with lock, open(arguments.log, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")

        def client_closed_during(self, seconds: float) -> bool:
            """Waits `seconds`; true, once logged, as soon as the client closes its connection."""
            start = time.monotonic()
            deadline = start + seconds
            while (left := deadline - time.monotonic()) > 0:
                readable, _, _ = select.select([self.connection], [], [], left)
                if not readable:
                    break
                if not self.connection.recv(1, socket.MSG_PEEK):
                    self.record({"event": "client_closed", "client_port": self.client_address[1],
                                 "after_last_data_ms": round((time.monotonic() - start) * 1000)})
                    return True
                time.sleep(max(0.0, deadline - time.monotonic()))  # data, not a close: wait out the delay
            return False

        def forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            self.record({"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                         "body": body.decode("utf-8", "replace"), "client_port": self.client_address[1]})
            upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=600)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            upstream.request(self.command, self.path, body=body or None, headers=headers)
            response = upstream.getresponse()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                while True:
                    chunk = response.read1(65536)
                    if not chunk:
                        break
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
                if self.client_closed_during(arguments.end_delay_ms / 1000):
                    self.close_connection = True
                    return
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client went away: closing our side closes the upstream request too
            finally:
                upstream.close()

        do_GET = do_POST = forward

    server = http.server.ThreadingHTTPServer(("127.0.0.1", arguments.port), Handler)
    print(f"ready {server.server_address[1]}", flush=True)
    if arguments.exit_with_parent:
        parent = os.getppid()

        def watch_parent() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)

        threading.Thread(target=watch_parent, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    # A parent may have started this process with SIGTERM blocked; it must still end on it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    main()
