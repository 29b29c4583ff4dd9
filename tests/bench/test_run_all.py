"""`make bench` runs every benchmark, and fails when any of them misses its goal.

`bench/run_all.py` runs the benchmark scripts one after the other; each is exercised
quickly by its own smoke test in this folder. Checked here: that no benchmark is
left out of `make bench`, that each one's quick options are options it takes, and
that one miss fails the run without stopping the benchmarks after it.
"""

import importlib
from pathlib import Path

import pytest
import run_all as bench_all

BENCH = Path(bench_all.__file__).parent
# The runner, a profiling tool, and the client processes of cache.py.
NOT_BENCHMARKS = {"run_all.py", "profile_page.py", "http_load.py"}


def test_every_benchmark_script_is_run_by_make_bench():
    scripts = {
        path.name
        for path in BENCH.glob("*.py")
        if '__name__ == "__main__"' in path.read_text()
    }
    assert scripts - NOT_BENCHMARKS == {b.script for b in bench_all.BENCHMARKS}


@pytest.mark.parametrize("benchmark", bench_all.BENCHMARKS, ids=lambda b: b.name)
def test_the_quick_options_are_the_benchmarks_own(benchmark):
    module = importlib.import_module(benchmark.script.removesuffix(".py"))
    args = module.parse_args(list(benchmark.quick))
    assert getattr(args, "no_check", True)  # a benchmark with no goal checks nothing


def stand_in(tmp_path, name, code):
    script = tmp_path / f"{name}.py"
    script.write_text(
        "import pathlib, sys\n"
        f"pathlib.Path(sys.argv[0]).with_suffix('.ran').write_text(' '.join(sys.argv[1:]))\n"
        f"sys.exit({code})\n"
    )
    return bench_all.Benchmark(name, str(script), f"stand-in {name}", ("--no-check",))


def test_one_miss_fails_the_run_and_the_others_still_run(tmp_path, capsys):
    benchmarks = [
        stand_in(tmp_path, "first", 0),
        stand_in(tmp_path, "slow", 1),
        stand_in(tmp_path, "last", 0),
    ]
    lines = []
    assert not bench_all.run(benchmarks, out=lines.append)
    assert all((tmp_path / f"{b.name}.ran").exists() for b in benchmarks)
    verdicts = dict(line.split(None, 1) for line in lines[1:])
    assert "goals met" in verdicts["first"]
    assert "GOAL MISSED" in verdicts["slow"]
    assert "goals met" in verdicts["last"]


def test_all_goals_met_passes_and_quick_passes_the_quick_options(tmp_path):
    benchmarks = [stand_in(tmp_path, "one", 0), stand_in(tmp_path, "two", 0)]
    assert bench_all.run(benchmarks, out=lambda line: None)
    assert bench_all.run(benchmarks, quick=True, out=lambda line: None)
    assert (tmp_path / "one.ran").read_text() == "--no-check"
