"""Are the portal's anonymous pages as fast as plain Plone's, uncached?

Issue 11 asks, for one instance without a caching proxy: the e-service catalog, an
e-service's start page and the FAQ at least 0.8 times the throughput of a plain
Plone Document page; the portal's front page at least 0.8 times plain Plone's front
page; a REST GET of an e-service at least 0.8 times a REST GET of a Document.

Builds in one Zope (``bench_site``, a FileStorage) the demo portal (``/Plone``) and
beside it a plain Plone site (``/plain``: plone.app.contenttypes, Barceloneta and
plone.restapi, its own welcome front page and a published Document, without this
add-on's profiles), serves both with waitress (4 threads, as the instance) and then,
round after round, lets ``--clients`` threads request each page as fast as they can
for ``--seconds``, every page of a round one after the other so that a change of load
on the machine hits them alike (as ``wrk -c 4`` would, from Python). Prints requests
per second, each ratio beside its goal, and exits 1 when one falls short (not with
``--no-check``). Beside each ratio of throughputs it prints the same ratio of the
process's CPU time per request (server and clients, which share the process): on a
machine shared with other work, throughput follows the neighbours' load from one
page to the next, the CPU time a request costs much less; it is shown, not checked.

Both sites live in the same process, so the add-on's global components (its
subscribers on every request, its ZCML) run for the plain site too; what differs is
what each site's pages do.

    .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --seconds 1 --rounds 1 --no-check
"""

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_site

GOAL = 0.8
PLAIN_ID = "plain"
PLAIN_EXTENSIONS = [
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "plone.restapi:default",
]
JSON = {"Accept": "application/json"}


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # from the server's root
    headers: dict | None = None


@dataclass(frozen=True)
class Ratio:
    page: str
    baseline: str
    goal: float | None  # None: shown for comparison, not checked


PAGES = (
    Page("plain Document", f"/{PLAIN_ID}/{bench_site.DOCUMENT_ID}"),
    Page("plain front page", f"/{PLAIN_ID}"),
    Page("plain REST Document", f"/{PLAIN_ID}/{bench_site.DOCUMENT_ID}", JSON),
    Page("accessibility statement", "/Plone/tillganglighetsredogorelse"),
    Page("front page", "/Plone"),
    Page("e-service catalog", "/Plone/e-tjanster"),
    Page("e-service start page", "/Plone/e-tjanster/ansokan-om-bygglov"),
    Page("FAQ", "/Plone/e-tjanster/fragor-och-svar"),
    Page("REST e-service", "/Plone/e-tjanster/ansokan-om-bygglov", JSON),
)
RATIOS = (
    Ratio("accessibility statement", "plain Document", None),
    Ratio("front page", "plain front page", GOAL),
    Ratio("e-service catalog", "plain Document", GOAL),
    Ratio("e-service start page", "plain Document", GOAL),
    Ratio("FAQ", "plain Document", GOAL),
    Ratio("REST e-service", "plain REST Document", GOAL),
)


def ensure_plain_site(zope):
    """A plain Plone site with a published Document, beside the portal."""
    return bench_site.ensure_site(
        zope, PLAIN_ID, "Plone", PLAIN_EXTENSIONS, setup_content=True
    )


def check(http, page):
    """The page answers 200 anonymously, as HTML or JSON as asked."""
    response = http.get(page.path, headers=page.headers)
    if response.status_code != 200:
        raise SystemExit(f"{page.name} {page.path}: {response.status_code}")
    wanted = "application/json" if page.headers else "text/html"
    if wanted not in response.headers.get("content-type", ""):
        raise SystemExit(f"{page.name} {page.path}: not {wanted}")


def measure(root, args, out):
    """Requests per second and CPU seconds per request by page name, all rounds."""
    counts = {page.name: 0 for page in PAGES}
    seconds = {page.name: 0.0 for page in PAGES}
    cpu = {page.name: 0.0 for page in PAGES}
    clients = [
        httpx.Client(base_url=root, timeout=bench_site.TIMEOUT)
        for _ in range(args.clients)
    ]
    try:
        # The first view alone: Python 3.11 can fail to compile a template in two
        # threads at once.
        for page in PAGES:
            check(clients[0], page)
        for number in range(args.rounds + 1):  # round 0 warms up, untimed
            duration = args.warmup if number == 0 else args.seconds
            line = []
            for page in PAGES:
                cpu_before = time.process_time()
                count, elapsed = bench_site.hammer(
                    [
                        lambda h=h, p=page: h.get(p.path, headers=p.headers)
                        for h in clients
                    ],
                    duration,
                )
                if number:
                    counts[page.name] += count
                    seconds[page.name] += elapsed
                    cpu[page.name] += time.process_time() - cpu_before
                    line.append(f"{page.name} {count / elapsed:.1f}")
            if number:
                out(f"  round {number}: " + ", ".join(line))
    finally:
        for http in clients:
            http.close()
    rates = {name: counts[name] / seconds[name] for name in counts}
    return rates, {name: cpu[name] / counts[name] for name in counts}


def report(rates, out, cpu=None):
    """Print the rates and the ratios; True when every checked ratio meets its goal.

    ``cpu``: CPU seconds per request by page name, printed beside (not checked).
    """
    out("")
    for page in PAGES:
        line = f"{page.name:28} {rates[page.name]:8.1f} requests/s"
        if cpu:
            line += f" {cpu[page.name] * 1000:7.1f} ms CPU/request"
        out(line)
    out("")
    ok = True
    for ratio in RATIOS:
        value = rates[ratio.page] / rates[ratio.baseline]
        label = f"{ratio.page} / {ratio.baseline}"
        by_cpu = (
            f"  (by CPU {cpu[ratio.baseline] / cpu[ratio.page]:4.2f}x)" if cpu else ""
        )
        if ratio.goal is None:
            out(f"{label:52} {value:5.2f}x  (not checked){by_cpu}")
            continue
        met = value >= ratio.goal
        ok = ok and met
        verdict = "ok" if met else "TOO SLOW"
        out(f"{label:52} {value:5.2f}x  (goal {ratio.goal}x)  {verdict}{by_cpu}")
    return ok


def run(args, out=print):
    with bench_site.instance(args.home, "Page benchmark", out) as (zope, site, _):
        ensure_plain_site(zope)
        bench_site.settle(site)
        server, base = bench_site.serve(zope.wsgi, threads=args.threads)
        root = base.rsplit("/", 1)[0]
        try:
            rates, cpu = measure(root, args, out)
            return report(rates, out, cpu)
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
