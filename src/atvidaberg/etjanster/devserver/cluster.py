"""`make cluster`: the production shape on one machine.

PostgreSQL (Debian's) holds the ZODB through RelStorage, history-free, the blobs
included; N Zope instances share it, each with a blob cache of its own; HAProxy in
front balances across them, checking each one's ``/@@health``, and adds
``X-Forwarded-For``; Varnish (Debian's ``varnishd``) in front of HAProxy takes the
public ``--port`` and caches the anonymous pages by the repository's
``cluster/varnish.vcl`` (its backend rewritten to HAProxy's port, a free one unless
``--haproxy-port`` says). The site's trusted proxies are set to their address
(127.0.0.1: both on this machine) and its purges go to Varnish, so that a
communicator's edit is seen at once. The eID simulators and the SMTP sink run as in
``make start``. Ctrl+C stops everything; the data stays under ``--home``
(``instance/postgresql`` for the database).

Layout under ``--home``::

    postgresql/data   the database cluster (owned by the unprivileged user)
    postgresql/password   the database password, generated once (mode 0600)
    cluster/zopeN/    each instance's etc/ and var/ (blob cache, logs)
    cluster/haproxy.cfg
    cluster/varnish.vcl   cluster/varnish.vcl of the repository, backend = HAProxy
    cluster/varnish/  Varnish's working directory (its ``-n``: one per cluster)
    var/              the simulators' test PKI and the SMTP sink's mail, as make start
"""

import argparse
import contextlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from atvidaberg.etjanster.devserver import instance
from atvidaberg.etjanster.simulators.server import DEFAULT_PORTS
from atvidaberg.etjanster.simulators.server import pki_directory
from atvidaberg.etjanster.simulators.tls import ensure_pki

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "etjanster-pg"  # PostgreSQL refuses to run as root
DB_USER = "etjanster"
DB_NAME = "zodb"
HEALTH = "/@@health"
TIME_ZONE = "Europe/Stockholm"  # the instances' zone, set before they start
BIN = Path(sys.executable).parent
CREATE_SITE = Path(__file__).with_name("create_site.py")
LOOPBACK_OR_ANY = ("127.0.0.1", "localhost", "0.0.0.0")  # noqa: S104
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
# The repository's VCL (the package is installed editable, as `make install` does).
VCL = Path(__file__).resolve().parents[4] / "cluster" / "varnish.vcl"
VCL_BACKEND = re.compile(
    r'(backend default \{\s*\.host = )"[^"]*";(\s*\.port = )"\d+";'
)

RELSTORAGE = """\
%import relstorage
<zodb_db main>
  cache-size 50000
  <relstorage>
    keep-history false
    blob-dir $INSTANCE/var/blobcache
    shared-blob-dir false
    blob-cache-size 512mb
    <postgresql>
      dsn {dsn}
    </postgresql>
  </relstorage>
  mount-point /
</zodb_db>
"""

HAPROXY = """\
global
    maxconn 512

defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    option forwardfor
    option http-server-close

frontend portal
    bind {host}:{port}
    default_backend zope

backend zope
    balance roundrobin
    option httpchk GET {health}
    http-check expect status 200
{servers}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def binaries_missing() -> list[str]:
    """What of PostgreSQL, HAProxy and Varnish this machine lacks (``.ci/run``
    installs them)."""
    wanted = [PG_BIN / "initdb", PG_BIN / "pg_ctl", PG_BIN / "postgres"]
    missing = [str(path) for path in wanted if not path.exists()]
    if shutil.which("haproxy") is None:
        missing.append("haproxy")
    if not Path(VARNISHD).exists():
        missing.append("varnishd")
    return missing


def render_vcl(backend_port: int, backend_host: str = "127.0.0.1") -> str:
    """``cluster/varnish.vcl`` with its backend at ``backend_host:backend_port``."""
    vcl, found = VCL_BACKEND.subn(
        rf'\1"{backend_host}";\2"{backend_port}";', VCL.read_text()
    )
    if found != 1:
        raise ValueError(f"{VCL}: no 'backend default' with .host and .port")
    return vcl


def varnish_command(
    workdir: Path, addresses: list[str], vcl: Path, storage: str
) -> list[str]:
    """``varnishd`` in the foreground (a child of ours, as HAProxy), listening on
    ``addresses`` (host:port), its working directory ``workdir`` (``-n``: each cluster
    its own, so that several run at once), its management port a free one (``-T``).
    ``-j none``: no switch to the ``varnish`` user, who could not read a VCL in a
    private home; the cache holds only what anonymous visitors may read anyway."""
    listen = [argument for address in addresses for argument in ("-a", address)]
    return [
        VARNISHD, "-F", "-j", "none", *listen, "-T", "127.0.0.1:0",
        "-n", str(workdir), "-f", str(vcl), "-s", storage,
    ]  # fmt: skip


@dataclass
class Settings:
    home: Path
    host: str = "127.0.0.1"
    port: int = 8080  # Varnish: the public entry
    haproxy_port: int = 0  # 0: a free port, chosen when the cluster is made
    varnish_storage: str = "malloc,256m"
    instances: int = 2
    first_instance_port: int = 0  # 0: port + 1 onwards
    pg_port: int = 0  # 0: a free port on each start
    mail_port: int = 8025
    simulator_ports: dict = field(default_factory=lambda: dict(DEFAULT_PORTS))
    # Added to the Zope instances' environment, e.g. ETJANSTER_DELIVERY_INTERVAL (the
    # delivery worker's period) or ETJANSTER_DELIVERY_LEASE; the load tests set both.
    zope_environment: dict[str, str] = field(default_factory=dict)

    @classmethod
    def with_free_ports(cls, home: Path, **options) -> "Settings":
        """Every port a free one: for tests and benchmarks, beside other clusters."""
        return cls(
            home=home,
            port=free_port(),
            first_instance_port=free_port(),
            mail_port=free_port(),
            simulator_ports={name: free_port() for name in DEFAULT_PORTS},
            **options,
        )

    def instance_ports(self) -> list[int]:
        first = self.first_instance_port or self.port + 1
        return [first + number for number in range(self.instances)]


class PostgreSQL:
    """A database cluster under ``home/postgresql``, run as an unprivileged user."""

    def __init__(self, home: Path, port: int):
        self.directory = (home / "postgresql").resolve()
        self.data = self.directory / "data"
        self.port = port or free_port()
        self.user = PG_USER if os.geteuid() == 0 else None

    def run(self, *command: str, **kwargs) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run(
            [*prefix, *command], check=True, capture_output=True, text=True, **kwargs
        )

    @property
    def password(self) -> str:
        return (self.directory / "password").read_text().strip()

    def dsn(self) -> str:
        return (
            f"dbname='{DB_NAME}' host='127.0.0.1' port='{self.port}' "
            f"user='{DB_USER}' password='{self.password}'"
        )

    def initialise(self) -> None:
        """initdb once; the data survives every later start."""
        self.directory.mkdir(parents=True, exist_ok=True)
        password = self.directory / "password"
        if not password.exists():
            password.write_text(secrets.token_urlsafe(24))
            password.chmod(0o600)
        if self.user:
            ensure_system_user(self.user)
            self.directory.chmod(0o755)
        if (self.data / "PG_VERSION").exists():
            return
        self.data.mkdir(mode=0o700, exist_ok=True)
        pwfile = self.directory / "initdb-password"
        pwfile.write_text(self.password)
        if self.user:
            shutil.chown(self.data, self.user)
            shutil.chown(pwfile, self.user)
        try:
            self.run(
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                DB_USER,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
            )
        finally:
            pwfile.unlink()

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data}"
        log = self.data / "postgresql.log"
        self.run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(log), "-w", "start",
        )  # fmt: skip
        env = {**os.environ, "PGPASSWORD": self.password}
        exists = subprocess.run(
            [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port),
             "-U", DB_USER, "-d", "postgres", "-tAc",
             f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"],
            check=True, capture_output=True, text=True, env=env,
        ).stdout.strip()  # fmt: skip
        if not exists:
            subprocess.run(
                [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                 "-U", DB_USER, DB_NAME],
                check=True, env=env,
            )  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")


def ensure_system_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
             name],
            check=True,
        )  # fmt: skip


def wait_healthy(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer 200 within {timeout} s")
        time.sleep(0.5)


class Cluster:
    """Everything `make cluster` runs; ``start`` and ``stop`` (or use ``with``)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.home = settings.home.resolve()
        self.postgresql = PostgreSQL(self.home, settings.pg_port)
        self.processes: list[subprocess.Popen] = []
        self.logs = self.home / "cluster" / "log"
        self.haproxy_port = settings.haproxy_port or free_port()

    @property
    def url(self) -> str:
        """The public entry: Varnish."""
        return f"http://{self.settings.host}:{self.settings.port}"

    @property
    def haproxy_url(self) -> str:
        """HAProxy behind Varnish (uncached, balanced over the instances)."""
        return f"http://127.0.0.1:{self.haproxy_port}"

    @property
    def purge_url(self) -> str:
        """Varnish as the instances reach it to purge (from 127.0.0.1: its ACL)."""
        return f"http://127.0.0.1:{self.settings.port}"

    def instance_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.settings.instance_ports()]

    def instance_home(self, number: int) -> Path:
        return self.home / "cluster" / f"zope{number}"

    def spawn(
        self, name: str, *command: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen:
        """Run ``command`` with its output in ``log/name.log``; in a process group of
        its own, so that Ctrl+C reaches only the cluster, which stops them in order.
        With ``TZ`` in its environment from the start (``clock.py`` says why)."""
        self.logs.mkdir(parents=True, exist_ok=True)
        env = {"TZ": os.environ.get("TZ", TIME_ZONE), **(env or os.environ)}
        with open(self.logs / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, process_group=0, env=env
            )
        self.processes.append(process)
        return process

    def start(self) -> None:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        settings = self.settings
        self.postgresql.initialise()
        self.postgresql.start()
        database = RELSTORAGE.format(dsn=self.postgresql.dsn())
        for number, port in enumerate(settings.instance_ports(), start=1):
            instance.render(
                self.instance_home(number), "127.0.0.1", port, False, database
            )
        # The test PKI first: the simulators and the site creation would each make
        # one at the same moment, and the site would trust the other's CA.
        ensure_pki(pki_directory(self.home))
        self.spawn(
            "simulators",
            str(BIN / "etjanster-simulators"),
            "--home", str(self.home),
            *[f"--{name}-port={port}" for name, port in settings.simulator_ports.items()],
        )  # fmt: skip
        self.spawn(
            "mailsink",
            str(BIN / "etjanster-mailsink"),
            "--home", str(self.home),
            "--port", str(settings.mail_port),
        )  # fmt: skip
        self.create_site()
        for number in range(1, settings.instances + 1):
            self.start_instance(number, wait=False)
        for url in self.instance_urls():
            wait_healthy(url + HEALTH)
        self.start_haproxy()
        wait_healthy(self.haproxy_url + HEALTH, timeout=30)
        self.start_varnish()
        wait_healthy(self.url + HEALTH, timeout=60)

    def instance_process(self, number: int) -> subprocess.Popen | None:
        """The running process of Zope instance ``number`` (1, 2, ...), if any."""
        zope_ini = str(self.instance_home(number) / "etc" / "zope.ini")
        for process in self.processes:
            if zope_ini in process.args and process.poll() is None:
                return process
        return None

    def start_instance(self, number: int, wait: bool = True) -> subprocess.Popen:
        """Start Zope instance ``number`` (again, after ``kill_instance``); with
        ``wait``, return once its health check answers 200."""
        zope_ini = self.instance_home(number) / "etc" / "zope.ini"
        env = {**os.environ, **self.settings.zope_environment}
        process = self.spawn(
            f"zope{number}", str(BIN / "runwsgi"), str(zope_ini), env=env
        )
        if wait:
            wait_healthy(self.instance_urls()[number - 1] + HEALTH)
        return process

    def kill_instance(self, number: int) -> None:
        """SIGKILL Zope instance ``number``, as a crash would end it (the fault tests)."""
        process = self.instance_process(number)
        if process is None:
            return
        process.kill()
        process.wait()
        self.processes.remove(process)

    def create_site(self) -> None:
        """`make start`'s site creation, once, in PostgreSQL (the first instance's
        configuration); Varnish and HAProxy on this machine are the trusted proxies,
        Varnish the caching proxy that edits purge."""
        zope_conf = self.instance_home(1) / "etc" / "zope.conf"
        env = {
            **os.environ,
            "SIMULATOR_HOME": str(self.home),
            "MAIL_PORT": str(self.settings.mail_port),
            "SIMULATOR_PORTS": json.dumps(
                None
                if self.settings.simulator_ports == DEFAULT_PORTS
                else self.settings.simulator_ports
            ),
            "TRUSTED_PROXIES": "127.0.0.1",
            "CACHING_PROXIES": self.purge_url,
        }
        subprocess.run(
            [str(BIN / "zconsole"), "run", str(zope_conf), str(CREATE_SITE)],
            check=True,
            env=env,
        )

    def start_haproxy(self) -> None:
        servers = "\n".join(
            f"    server zope{number} 127.0.0.1:{port} check inter 2s fall 2 rise 1"
            for number, port in enumerate(self.settings.instance_ports(), start=1)
        )
        config = self.home / "cluster" / "haproxy.cfg"
        config.write_text(
            HAPROXY.format(
                host="127.0.0.1",
                port=self.haproxy_port,
                health=HEALTH,
                servers=servers,
            )
        )
        self.spawn("haproxy", shutil.which("haproxy"), "-db", "-f", str(config))

    def start_varnish(self) -> None:
        vcl = self.home / "cluster" / "varnish.vcl"
        vcl.write_text(render_vcl(self.haproxy_port))
        port = self.settings.port
        addresses = [f"{self.settings.host}:{port}"]
        if self.settings.host not in LOOPBACK_OR_ANY:
            addresses.append(f"127.0.0.1:{port}")  # where the instances purge
        workdir = self.home / "cluster" / "varnish"
        storage = self.settings.varnish_storage
        self.spawn("varnish", *varnish_command(workdir, addresses, vcl, storage))

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        self.postgresql.stop()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


@contextlib.contextmanager
def temporary_cluster(prefix: str, **options: Any) -> Iterator[Cluster]:
    """A running cluster in a temporary home, every port a free one (tests and
    benchmarks, beside other clusters); stopped and removed afterwards."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    home.chmod(0o755)  # PostgreSQL's unprivileged user must reach its data
    running = Cluster(Settings.with_free_ports(home, **options))
    try:
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(home, ignore_errors=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, default=Path("instance"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="Varnish's")
    parser.add_argument(
        "--haproxy-port", type=int, default=0, help="0: a free port on each start"
    )
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--first-instance-port", type=int, default=0)
    parser.add_argument("--pg-port", type=int, default=0)
    parser.add_argument("--mail-port", type=int, default=8025)
    args = parser.parse_args(argv)
    missing = binaries_missing()
    if missing:
        sys.exit(
            "make cluster needs " + ", ".join(missing) + " (see docs/installation.md)"
        )
    settings = Settings(
        home=args.home,
        host=args.host,
        port=args.port,
        haproxy_port=args.haproxy_port,
        instances=args.instances,
        first_instance_port=args.first_instance_port,
        pg_port=args.pg_port,
        mail_port=args.mail_port,
    )
    cluster = Cluster(settings)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # Ctrl+C even where the shell started us with SIGINT ignored (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        cluster.start()
        print(f"\n  The portal, through Varnish:  {cluster.url}/Plone")
        print(f"  HAProxy (uncached):           {cluster.haproxy_url}/Plone")
        for url in cluster.instance_urls():
            print(f"  Instance:                     {url}/Plone  ({url}{HEALTH})")
        print(f"  PostgreSQL:                   127.0.0.1:{cluster.postgresql.port}")
        print(f"  Logs:                         {cluster.logs}")
        print("  Stop with Ctrl+C.\n")
        while all(process.poll() is None for process in cluster.processes):
            time.sleep(1)
        print("A process of the cluster stopped; stopping the rest.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
