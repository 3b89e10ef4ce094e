#!/usr/bin/env python3
"""An HTTP(S) server for the file-transfer tests, on python's http.server.

GET serves the files of --root; PUT and POST store the request body as
--uploads/<last part of the path>. Prints "PORT <port>" once listening (on 127.0.0.1, port 0
unless --port is given), then "REQUEST <method> <path>" for every request and
"STORED <path> <bytes>" after each stored upload. Stops on SIGTERM or when stdin closes.

Options for failure tests:
  --cert FILE --key FILE   serve HTTPS with this certificate and key (PEM)
  --fail-first N           answer 500 to the first N requests (for retry tests)
  GET /stall               sends the headers of a large file, then nothing until stopped
"""
import argparse
import http.server
import os
import ssl
import sys
import threading

stopping = threading.Event()


def emit(line):
    print(line, flush=True)


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    failures_left = 0
    failures_lock = threading.Lock()
    uploads = "."

    def log_message(self, format, *args):
        sys.stderr.write("http_server: " + (format % args) + "\n")

    def should_fail(self):
        with Handler.failures_lock:
            if Handler.failures_left > 0:
                Handler.failures_left -= 1
                return True
        return False

    def begin(self):
        """Records the request and answers 500 when a failure is due; True when it did."""
        emit(f"REQUEST {self.command} {self.path}")
        if self.should_fail():
            self.send_error(500, "failure mode: failing the first requests")
            return True
        return False

    def do_GET(self):
        if self.begin():
            return
        if self.path.split("?")[0] == "/stall":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.flush()
            stopping.wait(600)
            self.close_connection = True
            return
        super().do_GET()

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def store(self, status):
        if self.begin():
            return
        body = self.read_body()
        name = os.path.basename(self.path.split("?")[0]) or "upload"
        path = os.path.join(Handler.uploads, name)
        with open(path, "wb") as file:
            file.write(body)
        emit(f"STORED {path} {len(body)}")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PUT(self):
        self.store(201)

    def do_POST(self):
        self.store(200)


def watch_stdin():
    """Ends the process when the test that started it goes away (its end of stdin closes)."""
    sys.stdin.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="directory served to GET")
    parser.add_argument("--uploads", required=True, help="directory PUT and POST bodies are stored in")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert", help="PEM certificate: serve HTTPS")
    parser.add_argument("--key", help="PEM private key of --cert")
    parser.add_argument("--fail-first", type=int, default=0, help="answer 500 to the first N requests")
    arguments = parser.parse_args()

    Handler.failures_left = arguments.fail_first
    Handler.uploads = arguments.uploads

    def handler(*args, **kwargs):
        return Handler(*args, directory=arguments.root, **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", arguments.port), handler)
    server.daemon_threads = True
    if arguments.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(arguments.cert, arguments.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=watch_stdin, daemon=True).start()
    emit(f"PORT {server.server_address[1]}")
    try:
        server.serve_forever()
    finally:
        stopping.set()


if __name__ == "__main__":
    main()
