"""A small HTTP server on 127.0.0.1 for tests that fetch addresses: each path answers as the test says.

No test reaches the network: every address is this server's, on a free port, and it stops with the test.
"""

import contextlib
import http.server
import threading
from dataclasses import dataclass, field


@dataclass
class Answer:
    """How the server answers one path."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    stall_s: float = 0.0  # wait this long (or until the server stops) before answering
    drip_s: float = 0.0  # send the body one byte at a time, this many seconds apart
    stream_bytes: int = 0  # instead of body, stream this many bytes with no Content-Length


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the http.server API)
        answer = self.server.answers.get(self.path, Answer(status=404, headers={"Content-Type": "text/plain"}, body=b"not here"))
        if answer.stall_s and self.server.stopping.wait(answer.stall_s):
            return
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if not (answer.drip_s or answer.stream_bytes or "Content-Length" in answer.headers):
                self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if answer.drip_s:
                for byte in answer.body:
                    if self.server.stopping.wait(answer.drip_s):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            elif answer.stream_bytes:
                chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
                for _ in range(answer.stream_bytes // len(chunk) + 1):
                    self.wfile.write(chunk)
            else:
                self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should past a cap

    def log_message(self, *arguments):
        pass


@contextlib.contextmanager
def serve(answers: dict[str, Answer]):
    """Serve ``answers`` on a free local port; yields the base address, e.g. ``http://127.0.0.1:41234``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.answers = answers
    server.stopping = threading.Event()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
