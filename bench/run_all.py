"""`make bench`: every benchmark of issue 11 in turn, and one verdict.

Each benchmark is a script of its own in ``bench/`` that prints its figures, each
ratio beside its goal, and exits 1 when a ratio falls short (or on an error). This
runs them one after the other (never two at once: they would measure each other),
lets each print as it goes, and ends with a table of every benchmark's verdict. It
exits 1 when any benchmark did, after running the rest: one miss should not hide
another.

    .venv/bin/python bench/run_all.py                  # make bench (over an hour)
    .venv/bin/python bench/run_all.py --only pages cache
    .venv/bin/python bench/run_all.py --quick          # seconds each, nothing checked

``--quick`` runs every benchmark as its smoke test does (tiny sizes, ``--no-check``):
it shows that they all still run, not how fast anything is. The suite runs each
benchmark that way in ``tests/bench/``.
"""

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Benchmark:
    name: str
    script: str
    what: str
    quick: tuple[str, ...]  # the smoke test's options (with --no-check)
    home: bool = True  # takes --home (an instance of its own); the cluster's does not


BENCHMARKS = (
    Benchmark(
        "pages",
        "pages.py",
        "uncached pages and REST, each >= 0.8x plain Plone's",
        ("--seconds=0.3", "--rounds=1", "--warmup=0.2", "--clients=2", "--no-check"),
    ),
    Benchmark(
        "cache",
        "cache.py",
        "anonymous pages through Varnish >= 20x uncached",
        ("--seconds=0.3", "--rounds=1", "--warmup=0.2", "--clients=2", "--no-check"),
    ),
    Benchmark(
        "eid",
        "eid_collect.py",
        "@eid/collect >= 5x a plain Document",
        ("--seconds=1", "--rounds=1", "--warmup=0.5", "--clients=2", "--no-check"),
    ),
    Benchmark(
        "submissions",
        "submissions.py",
        "submissions per second with one and two instances (reported, no goal)",
        ("--submissions=4", "--rounds=1", "--clients=2"),
        home=False,
    ),
    Benchmark(
        "queue",
        "case_listings.py",
        "Mina sidor and the officers' queue: 100,000 cases <= 1.2x 1,000",
        (
            "--small=50",
            "--large=200",
            "--residents=40",
            "--requests=3",
            "--warmup=1",
            "--calm-wait=0",
            "--no-check",
        ),
    ),
)


@dataclass(frozen=True)
class Outcome:
    benchmark: Benchmark
    returncode: int
    seconds: float

    @property
    def verdict(self) -> str:
        if self.returncode == 0:
            return "goals met"
        if self.returncode == 1:
            return "GOAL MISSED (or an error: see its output above)"
        return f"FAILED (exit {self.returncode})"


def run_one(benchmark: Benchmark, extra: Sequence[str], python: str) -> Outcome:
    command = [python, str(HERE / benchmark.script), *extra]
    print(f"\n=== {benchmark.name}: {benchmark.what}", flush=True)
    print("    " + " ".join(command[1:]), flush=True)
    began = time.monotonic()
    returncode = subprocess.run(command, check=False).returncode  # noqa: S603 (ours)
    return Outcome(benchmark, returncode, time.monotonic() - began)


def run(
    benchmarks: Sequence[Benchmark],
    quick: bool = False,
    python: str = sys.executable,
    out: Callable[[str], None] = print,
) -> bool:
    """Run each benchmark; print the verdicts; True when every one met its goals."""
    outcomes = [
        run_one(benchmark, benchmark.quick if quick else (), python)
        for benchmark in benchmarks
    ]
    out("\n=== make bench" + (" --quick (nothing checked)" if quick else ""))
    for outcome in outcomes:
        out(f"{outcome.benchmark.name:12} {outcome.seconds:7.0f} s  {outcome.verdict}")
    return all(outcome.returncode == 0 for outcome in outcomes)


def main(argv: Sequence[str] | None = None) -> None:
    names = [benchmark.name for benchmark in BENCHMARKS]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", choices=names, metavar="NAME")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    chosen = [b for b in BENCHMARKS if not args.only or b.name in args.only]
    if not run(chosen, quick=args.quick):
        sys.exit(1)


if __name__ == "__main__":
    main()
