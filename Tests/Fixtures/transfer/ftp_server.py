#!/usr/bin/env python3
"""An FTP server for the file-transfer tests, on pyftpdlib.

Serves --root on 127.0.0.1 (port 0 unless --port is given) to anonymous users and to --user
with --password, both with read and write permission. Prints "PORT <port>" once listening,
then "STORED <path>" after each completed upload and "LOGIN <user>" after each login. Stops on
SIGTERM or when stdin closes.
"""
import argparse
import logging
import os
import sys
import threading

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

PERMISSIONS = "elradfmwMT"


def emit(line):
    print(line, flush=True)


class Handler(FTPHandler):
    def on_login(self, username):
        emit(f"LOGIN {username}")

    def on_file_received(self, file):
        emit(f"STORED {file}")


def watch_stdin():
    """Ends the process when the test that started it goes away (its end of stdin closes)."""
    sys.stdin.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="directory served (read and write)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user", default="station")
    parser.add_argument("--password", default="s3cret")
    arguments = parser.parse_args()

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    authorizer = DummyAuthorizer()
    authorizer.add_user(arguments.user, arguments.password, arguments.root, perm=PERMISSIONS)
    authorizer.add_anonymous(arguments.root, perm=PERMISSIONS)
    Handler.authorizer = authorizer
    Handler.banner = "charge station test FTP server"

    server = FTPServer(("127.0.0.1", arguments.port), Handler)
    threading.Thread(target=watch_stdin, daemon=True).start()
    emit(f"PORT {server.socket.getsockname()[1]}")
    server.serve_forever()


if __name__ == "__main__":
    main()
