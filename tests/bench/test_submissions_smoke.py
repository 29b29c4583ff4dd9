"""The submissions benchmark still runs: a few submissions per shape, nothing timed.

`bench/submissions.py` (see the developers' guide) starts the production shape and
compares one instance with two; here it sends four submissions per shape, once, and
only that it printed both figures and their ratio is checked (the cluster's start is
most of the time). Skipped where PostgreSQL or HAProxy is missing, as the cluster
tests are.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from atvidaberg.etjanster.devserver.cluster import binaries_missing

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import submissions  # noqa: E402


@pytest.mark.skipif(
    bool(binaries_missing()),
    reason=f"needs PostgreSQL and HAProxy: {', '.join(binaries_missing())} missing",
)
def test_the_benchmark_measures_both_shapes_and_prints_the_ratio():
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH / "submissions.py"),
            "--submissions=4",
            "--rounds=1",
            "--clients=2",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    for shape in submissions.SHAPES:
        assert re.search(rf"round 1  {shape} +\d+\.\d\d submissions/s  CPU", out)
        assert re.search(rf"{shape} \(median\) +\d+\.\d\d submissions/s  CPU", out)
    assert re.search(r"two / one +\d+\.\d\dx  \(reported, no goal\)", out)


def rounds(*rates):
    return [submissions.Round(rate, 0.5, 0.1, 1.0) for rate in rates]


def test_the_report_gives_the_ratio_of_the_medians():
    lines = []
    ratio = submissions.report(
        {"one instance": rounds(2.0, 4.0, 3.0), "two instances": rounds(3.0, 6.0, 4.5)},
        lines.append,
    )
    assert ratio == pytest.approx(1.5)
    assert lines[-1].startswith("two / one")
