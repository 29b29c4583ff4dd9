"""Is polling a login (``@eid/collect``) much cheaper than showing a page?

A resident's browser polls ``POST /Plone/@eid/collect`` every two seconds while they
open the BankID app, so the portal answers many more collects than it shows pages.
Issue 9 asks for at least 5 times the throughput of a plain Plone Document's view,
measured in the same run on the same server.

Builds the demo portal in a FileStorage (``bench_site``), runs the eID simulators in a
process of their own (as BankID is another machine), serves the portal with waitress
in this process, and then, round after round, lets ``--clients`` threads request as
fast as they can for ``--seconds``:

- the Document anonymously (``GET /Plone/benchmark-dokument``), and
- ``@eid/collect`` of a pending BankID login (started by ``@eid/start`` and opened in
  the simulated app, so that it stays pending), each client with its own login.

Prints the requests per second of each and their ratio; exits 1 when the ratio is
under ``--limit`` (not with ``--no-check``).

    .venv/bin/python bench/eid_collect.py
    .venv/bin/python bench/eid_collect.py --seconds 2 --rounds 1 --no-check
"""

import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_site

LIMIT = 5.0
ANNA = "198001019820"
NAMES = ("control", "bankid", "freja", "spar")


@dataclass
class Target:
    name: str
    counts: list = field(default_factory=list)  # requests per round
    seconds: list = field(default_factory=list)  # elapsed per round

    @property
    def per_second(self):
        return sum(self.counts) / sum(self.seconds)


def free_ports(count):
    """Ports free right now (the simulators' process binds them a moment later)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind((bench_site.HOST, 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@contextmanager
def simulators(home):
    """The simulators in their own process; yields their ports by name."""
    ports = dict(zip(NAMES, free_ports(len(NAMES)), strict=True))
    command = [sys.executable, "-m", "atvidaberg.etjanster.simulators.server"]
    command += ["--home", str(home), "--host", bench_site.HOST]
    for name, port in ports.items():
        command += [f"--{name}-port", str(port)]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        command, stdout=subprocess.PIPE, text=True, env=environment
    )
    try:
        # It prints its addresses once every server listens.
        for _ in range(6):
            if not process.stdout.readline():
                raise SystemExit("the simulators did not start")
        yield ports
    finally:
        process.terminate()
        process.wait(timeout=30)


def configure(site, home, ports):
    import transaction

    from atvidaberg.etjanster.devserver.simulated_eid import settings_for
    from atvidaberg.etjanster.login.settings import EID_PREFIX

    registry = site.portal_registry
    for name, value in settings_for(home, ports=ports).items():
        registry[f"{EID_PREFIX}.{name}"] = value
    # The benchmark starts a login per client and round, all from 127.0.0.1.
    registry[f"{EID_PREFIX}.login_starts_per_client"] = 0
    transaction.commit()


def pending_login(base, control):
    """A client whose BankID login is pending (opened in the app), and its body."""
    http = httpx.Client(
        base_url=base,
        headers={"Accept": "application/json"},
        timeout=bench_site.TIMEOUT,
    )
    started = http.post("/@eid/start", json={"provider": "bankid", "device": "other"})
    started.raise_for_status()
    answer = started.json()
    opened = httpx.post(
        f"{control}/sim/bankid/approve",
        json={"qr": answer["qr"], "personalNumber": ANNA, "action": "start"},
    )
    opened.raise_for_status()
    body = {"transaction": answer["transaction"]}
    check = http.post("/@eid/collect", json=body)
    check.raise_for_status()
    if check.json().get("hintCode") != "userSign":
        raise SystemExit(f"the login is not pending in the app: {check.text}")
    return http, body


def measure_round(base, control, clients, seconds, document, collect):
    pages = [
        httpx.Client(base_url=base, timeout=bench_site.TIMEOUT) for _ in range(clients)
    ]
    path = f"/{bench_site.DOCUMENT_ID}"
    try:
        count, elapsed = bench_site.hammer(
            [lambda h=h: h.get(path) for h in pages], seconds
        )
    finally:
        for http in pages:
            http.close()
    document.counts.append(count)
    document.seconds.append(elapsed)
    logins = [pending_login(base, control) for _ in range(clients)]
    try:
        count, elapsed = bench_site.hammer(
            [lambda h=h, b=b: h.post("/@eid/collect", json=b) for h, b in logins],
            seconds,
        )
    finally:
        for http, _ in logins:
            http.close()
    collect.counts.append(count)
    collect.seconds.append(elapsed)


def run(args, out=print):
    """Build and measure; returns True when the ratio reaches the limit."""
    title = "@eid/collect benchmark"
    with (
        bench_site.instance(args.home, title, out) as (zope, site, home),
        simulators(home) as ports,
    ):
        configure(site, home, ports)
        bench_site.settle(site)
        server, base = bench_site.serve(zope.wsgi, threads=args.threads)
        control = f"http://{bench_site.HOST}:{ports['control']}"
        try:
            return _measure(args, base, control, out)
        finally:
            server.shutdown()


def _measure(args, base, control, out):
    document, collect = Target("Document"), Target("@eid/collect")
    # Warm up both (templates, caches, the shared BankID connection), the first
    # view alone: Python 3.11 can fail to compile a template in two threads at once.
    with httpx.Client(base_url=base, timeout=bench_site.TIMEOUT) as http:
        http.get(f"/{bench_site.DOCUMENT_ID}").raise_for_status()
    measure_round(base, control, args.clients, args.warmup, Target("w"), Target("w"))
    for number in range(1, args.rounds + 1):
        measure_round(base, control, args.clients, args.seconds, document, collect)
        out(
            f"  round {number}: Document {document.counts[-1]} requests, "
            f"@eid/collect {collect.counts[-1]} in {args.seconds} s each"
        )
    return report(document, collect, args.limit, out)


def report(document, collect, limit, out):
    out("")
    for target in (document, collect):
        out(f"{target.name:16} {target.per_second:8.1f} requests/s")
    ratio = collect.per_second / document.per_second
    within = ratio >= limit
    verdict = "ok" if within else "TOO SLOW"
    out(f"{'@eid/collect / Document':32} {ratio:5.2f}x  (at least {limit}x)  {verdict}")
    return within


def parse_args(argv=None):
    parser = bench_site.throughput_parser(
        __doc__, seconds=10, warmup=2, no_check_help="exit 0 even when under the limit"
    )
    parser.add_argument("--limit", type=float, default=LIMIT)
    return parser.parse_args(argv)


def main(argv=None):
    bench_site.throughput_main(run, parse_args(argv))


if __name__ == "__main__":
    main()
