"""Are the anonymous pages at least 20 times faster through Varnish than uncached?

Issue 11 asks it of the front page, the e-service catalog, an e-service's start page
and the FAQ. Each is measured in the same run twice, round after round: straight at a
Zope instance (uncached) and through Varnish with the repository's VCL
(``cluster/varnish.vcl``, its backend set to that instance, as ``make cluster`` sets
it to HAProxy). Prints requests per second, each ratio beside its goal, and exits 1
when one falls short (not with ``--no-check``).

The instance is ``bench_site``'s (the demo portal in a FileStorage, served by
waitress with 4 threads, as ``bench/pages.py`` measures the uncached pages), not
``make cluster``'s: the ratio asks what the cache adds over rendering a page, and a
FileStorage instance starts in a minute without PostgreSQL, on any machine that has
Varnish. Uncached, a cluster instance on RelStorage renders the same page from the
same objects in its cache; HAProxy, which Varnish passes to in the cluster, adds
little to a miss and nothing to a hit. Before measuring, each page is checked to be
a hit through Varnish.

The clients (``--clients``, 4 as ``wrk -c 4``) are processes of their own
(``http_load``): in the server's process they would take the GIL from Zope, and
from Varnish they would measure the client.

    .venv/bin/python bench/cache.py
    .venv/bin/python bench/cache.py --seconds 0.3 --rounds 1 --no-check
"""

import contextlib
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_site
from http_load import Clients

from atvidaberg.etjanster.devserver.cluster import free_port
from atvidaberg.etjanster.devserver.cluster import render_vcl
from atvidaberg.etjanster.devserver.cluster import varnish_command

GOAL = 20
TIMEOUT = 120  # seconds; the first views of a page compile its templates
SITE = f"/{bench_site.SITE_ID}"


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # from the server's root


PAGES = (
    Page("front page", SITE),
    Page("e-service catalog", f"{SITE}/e-tjanster"),
    Page("e-service start page", f"{SITE}/e-tjanster/ansokan-om-bygglov"),
    Page("FAQ", f"{SITE}/e-tjanster/fragor-och-svar"),
)


@dataclass(frozen=True)
class Rates:
    uncached: float
    cached: float

    @property
    def ratio(self) -> float:
        return self.cached / self.uncached


@contextlib.contextmanager
def varnish(backend_port, out):
    """Varnish with the repository's VCL in front of ``backend_port``; its port."""
    with tempfile.TemporaryDirectory(prefix="bench-varnish-") as directory:
        vcl = Path(directory) / "varnish.vcl"
        vcl.write_text(render_vcl(backend_port))
        port = free_port()
        command = varnish_command(
            Path(directory) / "work", [f"{bench_site.HOST}:{port}"], vcl, "malloc,64m"
        )
        log = Path(directory) / "varnishd.log"
        with log.open("w") as output:
            process = subprocess.Popen(  # noqa: S603 (varnishd, our arguments)
                command, stdout=output, stderr=subprocess.STDOUT
            )
        try:
            wait_answering(f"http://{bench_site.HOST}:{port}", process, log)
            out(f"Varnish on port {port}, in front of port {backend_port}")
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)


def wait_answering(url, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise SystemExit("varnishd stopped:\n" + log.read_text())
        with contextlib.suppress(httpx.TransportError):
            httpx.get(url, timeout=2)
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"Varnish did not answer within {timeout} s")
        time.sleep(0.2)


def check(backend_port, varnish_port):
    """Every page answers 200 uncached, and from Varnish's cache the second time."""
    for page in PAGES:
        direct = httpx.get(
            f"http://{bench_site.HOST}:{backend_port}{page.path}", timeout=TIMEOUT
        )
        if direct.status_code != 200 or "text/html" not in direct.headers.get(
            "content-type", ""
        ):
            raise SystemExit(f"{page.name} {page.path}: {direct.status_code}")
        through = f"http://{bench_site.HOST}:{varnish_port}{page.path}"
        httpx.get(through, timeout=TIMEOUT)
        hit = httpx.get(through, timeout=TIMEOUT)
        if len(hit.headers.get("x-varnish", "").split()) != 2:
            raise SystemExit(f"{page.name} {page.path}: not cached by Varnish")


def measure(clients, ports, args, out):
    """Rates by page name, over all rounds (round 0 warms up, untimed)."""
    totals = {page.name: {"uncached": 0.0, "cached": 0.0} for page in PAGES}
    for number in range(args.rounds + 1):
        seconds = args.warmup if number == 0 else args.seconds
        line = []
        for page in PAGES:
            for kind, port in ports.items():
                rate = clients.rate(bench_site.HOST, port, page.path, seconds)
                if number:
                    totals[page.name][kind] += rate * seconds
                    line.append(f"{page.name} {kind} {rate:.1f}")
        if number:
            out(f"  round {number}: " + ", ".join(line))
    duration = args.rounds * args.seconds
    return {
        name: Rates(rates["uncached"] / duration, rates["cached"] / duration)
        for name, rates in totals.items()
    }


def report(rates, out):
    """Print the rates and the ratios; True when every ratio meets its goal."""
    out("")
    for page in PAGES:
        rate = rates[page.name]
        out(
            f"{page.name:22} uncached {rate.uncached:8.1f} requests/s, "
            f"through Varnish {rate.cached:9.1f} requests/s"
        )
    out("")
    ok = True
    for page in PAGES:
        ratio = rates[page.name].ratio
        met = ratio >= GOAL
        ok = ok and met
        verdict = "ok" if met else "TOO SLOW"
        label = f"{page.name}: cached / uncached"
        out(f"{label:42} {ratio:7.1f}x  (goal {GOAL}x)  {verdict}")
    return ok


def run(args, out=print):
    with bench_site.instance(args.home, "Cache benchmark", out) as (zope, site, _):
        bench_site.settle(site)
        server, _ = bench_site.serve(zope.wsgi, threads=args.threads)
        backend = server.effective_port
        try:
            with varnish(backend, out) as port, Clients(args.clients) as clients:
                check(backend, port)
                ports = {"uncached": backend, "cached": port}
                return report(measure(clients, ports, args, out), out)
        finally:
            server.shutdown()


def parse_args(argv=None):
    parser = bench_site.throughput_parser(
        __doc__, seconds=5, warmup=1, no_check_help="exit 0 even when a goal is missed"
    )
    return parser.parse_args(argv)


def main(argv=None):
    bench_site.throughput_main(run, parse_args(argv))


if __name__ == "__main__":
    main()
