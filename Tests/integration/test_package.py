"""The Debian package, installed and started as systemd would start it: scripts/package builds it
(from the debug binary the suite already has, so no release build here), dpkg-deb shows what it
holds, and the unit's own ExecStart line runs in an installed root. That root is this machine's
with the package's /usr and /etc laid over it (read-only overlays in a private mount namespace,
made with `unshare`), entered through bubblewrap the way the unit confines the service: working
directory /, a read-only root except the state directory, STATE_DIRECTORY and NOTIFY_SOCKET set.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, STATION_BINARY, TAG, WAIT, StationProcess, TestCSMS, free_port, start_session, wait_until

UNIT = "/lib/systemd/system/chargestation.service"
STATE = "/var/lib/chargestation"
# Where systemd puts its notification socket; the test's own socket is bound there in the sandbox.
NOTIFY_DIRECTORY = "/run/systemd/notify-test"


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    """What these tests need besides the station (scripts/bootstrap installs it): a missing tool fails them."""
    for tool in ("bwrap", "unshare", "dpkg-deb", "systemd-analyze", "objdump"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: run scripts/bootstrap")


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, **options)


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """dist-like output of scripts/package with the suite's debug binary."""
    if not STATION_BINARY.is_file():
        pytest.fail(f"the station executable is missing at {STATION_BINARY}: build it first (scripts/test does)")
    output = tmp_path_factory.mktemp("dist")
    built = run([str(ROOT / "scripts" / "package"), "--binary", str(STATION_BINARY), "--output", str(output)], cwd=ROOT)
    assert built.returncode == 0, built.stderr
    deb = Path(built.stdout.strip().splitlines()[-1])
    assert deb.is_file() and deb.parent == output
    return deb


@pytest.fixture(scope="module")
def installed(package, tmp_path_factory) -> Path:
    """The package's files, unpacked as dpkg lays them on this (merged-/usr) system: /lib is /usr/lib."""
    tree = tmp_path_factory.mktemp("installed")
    unpacked = run(["dpkg-deb", "-x", str(package), str(tree)])
    assert unpacked.returncode == 0, unpacked.stderr
    if (tree / "lib").is_dir() and Path("/lib").is_symlink():
        shutil.copytree(tree / "lib", tree / "usr" / "lib", dirs_exist_ok=True)
        shutil.rmtree(tree / "lib")
    return tree


def in_installed_root(tree: Path, state: Path, command: list[str], environment: dict[str, str], binds: list[tuple[Path, str]] = (), info_fd: int | None = None) -> list[str]:
    """The command line running `command` in the installed root, confined as the unit confines it."""
    merged = state.parent / f"{state.name}-mounts"
    for part in ("usr", "etc"):
        (merged / part).mkdir(parents=True, exist_ok=True)
    sandbox = ["bwrap", "--ro-bind", "/", "/", "--ro-bind", f"{merged}/usr", "/usr", "--ro-bind", f"{merged}/etc", "/etc"]
    sandbox += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", "/run", "--tmpfs", "/var/lib", "--bind", str(state), STATE]
    for source, target in binds:
        sandbox += ["--bind", str(source), target]
    sandbox += ["--chdir", "/", "--clearenv", "--setenv", "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "--die-with-parent"]
    for name, value in environment.items():
        sandbox += ["--setenv", name, value]
    if info_fd is not None:
        sandbox += ["--info-fd", str(info_fd)]
    mounts = [["mount", "-t", "overlay", "overlay", "-o", f"ro,lowerdir={tree}/{part}:/{part}", f"{merged}/{part}"] for part in ("usr", "etc")]
    script = " && ".join(shlex.join(words) for words in [*mounts, ["exec", *sandbox, "--", *command]])
    # A private mount namespace (and user namespace, so that no real root is needed) for the overlays.
    return ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script]


def exec_start(tree: Path, config: str) -> list[str]:
    """The unit's ExecStart line with its configuration replaced by `config`."""
    unit = next(path for path in (tree / UNIT.lstrip("/"), tree / "usr" / UNIT.lstrip("/")) if path.is_file())
    lines = unit.read_text().splitlines()
    (line,) = [line for line in lines if line.startswith("ExecStart=")]
    words = shlex.split(line.removeprefix("ExecStart="))
    assert words[:4] == ["/usr/bin/station", "run", "--config", "/etc/chargestation/maxero-200qc.yaml"], words
    assert not any(word.startswith("--data-dir") for word in words), "the unit relies on STATE_DIRECTORY"
    words[3] = config
    return words


class InstalledStation(StationProcess):
    """The station started from the unit's ExecStart line in the installed root, on a free control
    port and the test CSMS (--csms, as an operator would point the bench board at a CSMS)."""

    def __init__(self, csms: TestCSMS, tree: Path, state: Path, log_dir: Path, environment: dict[str, str] | None = None, binds=()):
        super().__init__(csms, "MAXERO-SIM-1", state, Path("/etc/chargestation/simulated.yaml"), log_dir)
        self.tree, self.environment, self.binds = tree, environment or {}, list(binds)
        self.pid = 0

    def start(self) -> "InstalledStation":
        self.runs += 1
        self.control_port = free_port()
        command = exec_start(self.tree, "/etc/chargestation/simulated.yaml") + ["--csms", self.csms.url, "--control", f"127.0.0.1:{self.control_port}"]
        read_end, write_end = os.pipe()
        environment = {"STATE_DIRECTORY": STATE, **self.environment}
        line = in_installed_root(self.tree, self.data_dir, command, environment, self.binds, info_fd=write_end)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(line, stdout=log, stderr=subprocess.STDOUT, cwd="/", pass_fds=(write_end,))
        os.close(write_end)
        with os.fdopen(read_end) as info:
            text = info.read()
        if not text:
            pytest.fail(f"bubblewrap did not start the station:\n{self.log_tail()}")
        self.pid = json.loads(text)["child-pid"]
        wait_until(lambda: self.snapshot() is not None or self.process.poll() is not None, WAIT, "the control API answering")
        if self.process.poll() is not None:
            pytest.fail(f"the station exited with {self.process.returncode} at start:\n{self.log_tail()}")
        return self

    def terminate(self, timeout: float = 15) -> int:
        """SIGTERM to the station itself (bubblewrap passes on its exit status)."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        os.kill(self.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
            pytest.fail(f"station did not exit within {timeout} s of SIGTERM:\n{self.log_tail()}")


@pytest.fixture
def state(tmp_path) -> Path:
    directory = tmp_path / "state"
    directory.mkdir()
    return directory


def test_the_package_holds_the_station_its_unit_and_its_configuration(package):
    info = run(["dpkg-deb", "--field", str(package), "Package", "Version", "Architecture", "Depends"])
    assert info.returncode == 0, info.stderr
    fields = dict(line.split(": ", 1) for line in info.stdout.splitlines())
    architecture = run(["dpkg", "--print-architecture"]).stdout.strip()
    assert fields["Package"] == "chargestation"
    assert package.name == f"chargestation_{fields['Version']}_{architecture}.deb"
    assert fields["Architecture"] == architecture
    depends = {name.strip() for name in fields["Depends"].split(",")}
    assert {"passwd", "libsqlite3-0", "libcurl4", "libgpiod2", "libserialport0"} <= depends

    listing = run(["dpkg-deb", "--contents", str(package)])
    assert listing.returncode == 0, listing.stderr
    entries = {line.split()[-1]: line.split()[:2] for line in listing.stdout.splitlines()}
    assert entries["./usr/bin/station"][0] == "-rwxr-xr-x"
    assert entries["./usr/bin/station"][1] == "root/root"
    expected = [
        "./lib/systemd/system/chargestation.service", "./lib/udev/rules.d/99-chargestation.rules",
        "./etc/chargestation/simulated.yaml", "./etc/chargestation/maxero-200qc.yaml", "./etc/chargestation/socket-outlet.yaml",
        "./etc/chargestation/boards/maxero-200qc.yaml", "./etc/chargestation/boards/maxero-200qc-sockets.yaml",
        "./etc/chargestation/meters/eastron-sdm630.yaml", "./etc/chargestation/meters/peacefair-pzem-017.yaml",
    ]  # fmt: skip
    for path in expected:
        assert path in entries, f"{path} is not in the package"
    # The configurations hold the AuthorizationKey: not readable by everyone.
    assert entries["./etc/chargestation/maxero-200qc.yaml"][0] == "-rw-r-----"

    control = run(["dpkg-deb", "--info", str(package), "conffiles"])
    assert control.returncode == 0, control.stderr
    etc_files = {path[1:] for path in entries if path.startswith("./etc/") and not path.endswith("/")}
    assert set(control.stdout.split()) == etc_files
    for script in ("postinst", "prerm", "postrm"):
        shown = run(["dpkg-deb", "--info", str(package), script])
        assert shown.returncode == 0, f"no {script}: {shown.stderr}"
    postinst = run(["dpkg-deb", "--info", str(package), "postinst"]).stdout
    assert "useradd --system --gid chargestation --groups gpio,dialout" in postinst


def test_the_maintainer_script_creates_the_service_user_and_groups(installed, package, tmp_path):
    """postinst configure, run on a writable copy of this machine's /etc."""
    scripts = tmp_path / "control"
    assert run(["dpkg-deb", "--control", str(package), str(scripts)]).returncode == 0
    etc = tmp_path / "etc"
    shutil.copytree("/etc", etc, symlinks=True, ignore=shutil.ignore_patterns("ssl", "alternatives"), ignore_dangling_symlinks=True)
    shutil.copytree(installed / "etc" / "chargestation", etc / "chargestation")
    command = [
        "bwrap", "--ro-bind", "/", "/", "--bind", str(etc), "/etc", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/run",
        "--tmpfs", "/tmp", "--ro-bind", str(scripts), "/tmp/control", "/tmp/control/postinst", "configure", "",
    ]  # fmt: skip
    configured = run(command)
    assert configured.returncode == 0, configured.stdout + configured.stderr
    passwd = {line.split(":")[0]: line.split(":") for line in (etc / "passwd").read_text().splitlines()}
    groups = {line.split(":")[0]: line.split(":") for line in (etc / "group").read_text().splitlines()}
    user = passwd["chargestation"]
    assert user[5] == STATE and user[6] == "/usr/sbin/nologin"
    assert groups["chargestation"][2] == user[3]
    for group in ("gpio", "dialout"):
        assert "chargestation" in groups[group][3].split(","), f"chargestation is not in {group}"
    assert (etc / "chargestation" / "simulated.yaml").stat().st_gid == int(user[3])


def test_the_unit_passes_systemd_analyze_verify_in_the_installed_root(installed, state):
    verify = run(in_installed_root(installed, state, ["systemd-analyze", "verify", UNIT], {}))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "chargestation" not in verify.stdout + verify.stderr, verify.stdout + verify.stderr


def test_the_unit_starts_the_station_which_charges_and_keeps_its_store_in_the_state_directory(installed, state, csms, tmp_path):
    station = InstalledStation(csms, installed, state, tmp_path)
    mark = csms.mark()
    station.start()
    try:
        csms.wait_call("BootNotification", mark)
        station.wait_registered()
        transaction_id = start_session(station, csms)
        mark = csms.mark()
        station.swipe(TAG)
        csms.wait_call("StopTransaction", mark, transactionId=transaction_id)
        station.wait_connector(1, transactionId=None)
    finally:
        status = station.terminate()
    assert status == 0, station.log_tail()
    store = state / "station.sqlite"
    assert store.is_file(), f"no store in the state directory: {sorted(p.name for p in state.iterdir())}"
    with sqlite3.connect(store) as database:
        rows = database.execute("SELECT transaction_id, open FROM transactions").fetchall()
    assert rows == [(transaction_id, 0)]


def test_the_station_tells_systemd_it_is_ready_and_pings_the_watchdog(installed, state, csms, tmp_path):
    sockets = tmp_path / "notify"
    sockets.mkdir()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(sockets / "notify"))
    listener.settimeout(WAIT)
    # A 2 s watchdog: the station pings every second.
    environment = {"NOTIFY_SOCKET": f"{NOTIFY_DIRECTORY}/notify", "WATCHDOG_USEC": "2000000"}
    station = InstalledStation(csms, installed, state, tmp_path, environment, binds=[(sockets, NOTIFY_DIRECTORY)])
    messages: list[str] = []
    try:
        station.start()
        messages.append(listener.recv(4096).decode())
        messages.append(listener.recv(4096).decode())
        messages.append(listener.recv(4096).decode())
    finally:
        status = station.terminate()
        listener.settimeout(1)
        try:
            messages.append(listener.recv(4096).decode())
            while True:
                messages.append(listener.recv(4096).decode())
        except TimeoutError:
            pass
        listener.close()
    assert status == 0, station.log_tail()
    assert messages[:3] == ["READY=1", "WATCHDOG=1", "WATCHDOG=1"], messages
    assert messages[-1] == "STOPPING=1", messages
