#!/usr/bin/env python3
"""The project's OCPP 1.6J (or 2.0.1) central system (the `csms` package beside this file), for developers
(`scripts/dev-csms`, `scripts/demo`) and tests (the integration tests import `csms`; the Swift
tests and the benchmarks run this script). `scripts/dev-csms --help` lists the commands."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from csms.cli import main  # noqa: E402  (scripts/ is not a package)

if __name__ == "__main__":
    sys.exit(main())
