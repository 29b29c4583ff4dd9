"""Do Mina sidor and the officers' queue stay fast when the portal holds many cases?

Builds the demo portal in a FileStorage, adds ``--small`` sent-in cases of
``--residents`` residents (one of them, Anna Andersson, with exactly 20) and measures
over HTTP, against waitress, the median time of:

- the resident's Mina sidor (``<EServicePortal>/mina-sidor``, else ``@my-cases``),
- the first page of the officer's queue (``@@handlaggning``, else ``@case-queue``),
- a plain Plone Document, as the resident and as the officer (the baseline).

Then it grows the same site to ``--large`` cases and measures again. It prints each
page's ratio large/small (limit 1.2) and large page/Document (limit 1.5) and exits 1
when a ratio is over its limit (not with ``--no-check``).

    .venv/bin/python bench/case_listings.py            # make bench
    .venv/bin/python bench/case_listings.py --small 50 --large 200 --residents 40

``--home DIR`` keeps the instance in DIR (and reuses its cases on the next run);
otherwise it lives in a temporary directory that is removed at the end.
"""

import argparse
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_site

NUMBER = re.compile(r"ETJ-\d{4}-\d{6}")
SCALE_LIMIT = 1.2
DOCUMENT_LIMIT = 1.5


@dataclass
class Page:
    name: str
    who: str  # "resident" or "officer"
    paths: list  # (path, JSON?) to try in order; the first that answers is measured
    baseline: str | None = None  # the name of the page it is compared with
    check: bool = False  # must it list some, and only, of the user's cases?
    expect: frozenset = frozenset()  # the registration numbers of the user's cases
    path: str | None = None
    json: bool = False
    times: dict = field(default_factory=dict)  # case count: [seconds]


def pages():
    return [
        Page(
            "Mina sidor",
            "resident",
            [("/e-tjanster/mina-sidor", False), ("/@my-cases", True)],
            baseline="Document (resident)",
            check=True,
        ),
        Page(
            "Officer's queue, first page",
            "officer",
            [("/@@handlaggning", False), ("/@case-queue", True)],
            baseline="Document (officer)",
            check=True,
        ),
        Page(
            "Document (resident)", "resident", [(f"/{bench_site.DOCUMENT_ID}", False)]
        ),
        Page("Document (officer)", "officer", [(f"/{bench_site.DOCUMENT_ID}", False)]),
    ]


def client(base, cookie, json):
    headers = {"Accept": "application/json"} if json else {}
    return httpx.Client(
        base_url=base, cookies=dict([cookie]), headers=headers, timeout=300
    )


def choose_paths(page, base, cookie, out):
    """Pick the first address of ``page`` that answers 200; False if none does."""
    for path, json in page.paths:
        with client(base, cookie, json) as http:
            answer = http.get(path)
        if answer.status_code == 200:
            page.path, page.json = path, json
            if path != page.paths[0][0]:
                out(f"  {page.name}: measuring {path} instead")
            return True
        out(f"  {page.name}: {path} answered {answer.status_code}")
    out(f"  {page.name}: not available, not measured")
    return False


def measure(pages_, base, cookies, count, requests, warmup, out):
    """Time each page ``requests`` times, round after round (load drifts evenly)."""
    clients = {
        page.name: client(base, cookies[page.who], page.json)
        for page in pages_
        if page.path
    }
    try:
        for page in pages_:
            if not page.path:
                continue
            for _ in range(warmup):
                answer = clients[page.name].get(page.path)
            answer.raise_for_status()
            if page.expect:
                shown = set(NUMBER.findall(answer.text))
                if not shown & page.expect or shown - page.expect:
                    raise SystemExit(
                        f"{page.name} ({page.path}) at {count:,} cases shows "
                        f"{len(shown & page.expect)} of the cases it should and "
                        f"{len(shown - page.expect)} it should not: the benchmark "
                        "would time the wrong page."
                    )
                out(f"  {page.name} at {count:,} cases lists {len(shown)} cases")
            page.times[count] = []
        for _ in range(requests):
            for page in pages_:
                if not page.path:
                    continue
                started = time.perf_counter()
                answer = clients[page.name].get(page.path)
                elapsed = time.perf_counter() - started
                answer.raise_for_status()
                page.times[count].append(elapsed)
    finally:
        for http in clients.values():
            http.close()


def median_ms(page, count):
    return statistics.median(page.times[count]) * 1000


def report(pages_, small, large, out):
    """Print the medians and the ratios; True when every ratio is within its limit."""
    out("")
    out(f"{'page':32} {'address':26} {small:>9,} cases {large:>9,} cases")
    for page in pages_:
        if not page.path:
            out(f"{page.name:32} {'(not available)':26}")
            continue
        out(
            f"{page.name:32} {page.path:26} "
            f"{median_ms(page, small):12.1f} ms {median_ms(page, large):12.1f} ms"
        )
    out("")
    ok = True
    by_name = {page.name: page for page in pages_}
    for page in pages_:
        if not page.path or not page.baseline:
            continue
        scale = median_ms(page, large) / median_ms(page, small)
        ok &= _ratio_line(
            f"{page.name}: {large:,}/{small:,} cases", scale, SCALE_LIMIT, out
        )
        baseline = by_name[page.baseline]
        if not baseline.path:
            continue
        versus = median_ms(page, large) / median_ms(baseline, large)
        ok &= _ratio_line(
            f"{page.name} / {baseline.name} at {large:,}",
            versus,
            DOCUMENT_LIMIT,
            out,
        )
        drift = median_ms(baseline, large) / median_ms(baseline, small)
        label = f"  (for comparison, {baseline.name}: {large:,}/{small:,} cases"
        out(f"{label:62} {drift:5.2f}x, not checked)")
    return ok


def _ratio_line(label, ratio, limit, out):
    within = ratio <= limit
    verdict = "ok" if within else "TOO SLOW"
    out(f"{label:62} {ratio:5.2f}x  (limit {limit}x)  {verdict}")
    return within


def run(args, out=print):
    """Build, grow and measure; returns True when every ratio is within its limit."""
    began = time.perf_counter()
    with bench_site.instance(args.home, "Case listings benchmark", out) as (
        zope,
        site,
        _,
    ):
        out(f"  site ready after {time.perf_counter() - began:.0f} s")
        resident = bench_site.resident_id(site)
        maker = bench_site.CaseMaker(site, args.residents)
        server, base = bench_site.serve(zope.wsgi, threads=args.threads)
        try:
            return _phases(args, site, maker, resident, base, began, out)
        finally:
            server.shutdown()


def _phases(args, site, maker, resident, base, began, out):
    to_measure = None
    for count in (args.small, args.large):
        grown = time.perf_counter()
        maker.grow(count, batch=args.batch, report=_progress(out, count))
        out(
            f"  {count:,} cases after {time.perf_counter() - grown:.0f} s "
            f"({time.perf_counter() - began:.0f} s in all)"
        )
        cookies = {
            "resident": bench_site.session_cookie(site, resident),
            "officer": bench_site.session_cookie(site, bench_site.OFFICER),
        }
        expected = _expected_numbers(site, resident)
        if to_measure is None:
            to_measure = pages()
            for page in to_measure:
                choose_paths(page, base, cookies[page.who], out)
        for page in to_measure:
            page.expect = expected.get(page.who, frozenset()) if page.check else ()
        bench_site.settle(site)
        load = wait_for_calm(args.calm, args.calm_wait, out)
        measure(to_measure, base, cookies, count, args.requests, args.warmup, out)
        out(
            f"  measured at {count:,} cases ({time.perf_counter() - began:.0f} s); "
            f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after"
        )
    ok = report(to_measure, args.small, args.large, out)
    out(f"\nTotal time {time.perf_counter() - began:.0f} s")
    return ok


def wait_for_calm(calm, longest, out):
    """Wait until the load average is below ``calm`` (at most ``longest`` seconds).

    Both sizes should be timed on an equally quiet machine; the generation itself
    keeps one core busy, and the average takes a minute to forget it.
    """
    waited = 0
    while os.getloadavg()[0] >= calm and waited < longest:
        time.sleep(5)
        waited += 5
    load = os.getloadavg()[0]
    if waited:
        still = " (still above; measuring anyway)" if load >= calm else ""
        out(f"  waited {waited} s for a load average below {calm}{still}")
    return load


def _expected_numbers(site, resident):
    """The registration numbers of the resident's cases, and of the officer's."""
    from plone import api

    catalog = site.portal_catalog
    query = {"portal_type": "Case"}
    mine = catalog.unrestrictedSearchResults(query, Creator=resident)
    with api.env.adopt_user(username=bench_site.OFFICER):
        officers = catalog(query)
    return {
        "resident": frozenset(brain.registration_number for brain in mine),
        "officer": frozenset(brain.registration_number for brain in officers),
    }


def _progress(out, total):
    step = max(total // 10, 1)

    def progress(count):
        if count % step < 1000 or count == total:
            out(f"    {count:,} / {total:,}")

    return progress


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=30, help="timed, per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed, per page")
    parser.add_argument("--threads", type=int, default=4, help="waitress threads")
    parser.add_argument("--batch", type=int, default=1000, help="cases per commit")
    parser.add_argument("--home", help="keep the instance here (and reuse it)")
    parser.add_argument(
        "--calm",
        type=float,
        default=1.0,
        help="wait for a load average below this before measuring",
    )
    parser.add_argument(
        "--calm-wait", type=int, default=300, help="but at most this many seconds"
    )
    parser.add_argument(
        "--no-check", action="store_true", help="exit 0 even when a ratio is over"
    )
    args = parser.parse_args(argv)
    if not bench_site.RESIDENT_CASES <= args.small < args.large:
        parser.error(f"need {bench_site.RESIDENT_CASES} <= --small < --large")
    if args.residents < 2:
        parser.error("need at least 2 residents")
    return args


def main(argv=None):
    args = parse_args(argv)
    ok = run(args)
    if not ok and not args.no_check:
        sys.exit(1)


if __name__ == "__main__":
    main()
