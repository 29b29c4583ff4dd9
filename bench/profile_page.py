"""Where does a page's time go? Profile requests against a benchmark instance.

Run after ``case_listings.py --home DIR`` has built DIR. The requests go through the
instance's WSGI pipeline in this thread (no server), logged in as the benchmark's
resident or officer, and cProfile prints the functions that took the most time:

    .venv/bin/python bench/profile_page.py --home DIR --who officer /@@handlaggning
    .venv/bin/python bench/profile_page.py --home DIR --who resident \\
        /e-tjanster/mina-sidor --sort tottime --lines 40
"""

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path
from wsgiref.util import setup_testing_defaults

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_site


def request(wsgi, path, cookie, accept=None):
    environ = {
        "PATH_INFO": path,
        "HTTP_HOST": f"{bench_site.HOST}:8080",
        "SERVER_NAME": bench_site.HOST,
        "SERVER_PORT": "8080",
        "wsgi.input": io.BytesIO(),
    }
    if cookie:
        environ["HTTP_COOKIE"] = f"{cookie[0]}={cookie[1]}"
    if accept:
        environ["HTTP_ACCEPT"] = accept
    setup_testing_defaults(environ)
    status = []
    body = b"".join(wsgi(environ, lambda s, headers, exc=None: status.append(s)))
    return status[0], body


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path", help="below the site, e.g. /@@handlaggning")
    parser.add_argument("--site", default=bench_site.SITE_ID, help="e.g. plain")
    parser.add_argument("--home", required=True)
    parser.add_argument(
        "--who", choices=("resident", "officer", "anonymous"), default="officer"
    )
    parser.add_argument("--json", action="store_true", help="as a REST client")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time with this thread's CPU clock: steadier on a loaded machine",
    )
    parser.add_argument(
        "--dump", help="also write the raw profile here (pstats; compare two pages)"
    )
    args = parser.parse_args(argv)
    zope = bench_site.start_zope(args.home)
    site = bench_site.ensure_site(zope)
    cookie = None
    if args.who != "anonymous":
        user_id = (
            bench_site.resident_id(site)
            if args.who == "resident"
            else bench_site.OFFICER
        )
        cookie = bench_site.session_cookie(site, user_id)
    path = f"/{args.site}{args.path}"
    accept = "application/json" if args.json else None
    status, body = request(zope.wsgi, path, cookie, accept)  # warm the caches
    print(f"{args.path}: {status}, {len(body):,} bytes")
    clock = time.thread_time if args.cpu else time.perf_counter
    times = []
    profile = cProfile.Profile(clock)
    for _ in range(args.requests):
        started = clock()
        profile.enable()
        request(zope.wsgi, path, cookie, accept)
        profile.disable()
        times.append(clock() - started)
    kind = "CPU" if args.cpu else "wall clock"
    print(f"median {statistics.median(times) * 1000:.1f} ms {kind} (with the profiler)")
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)
    if args.dump:
        profile.dump_stats(args.dump)
    bench_site.stop_zope(zope)


if __name__ == "__main__":
    main()
