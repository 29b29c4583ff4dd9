"""The submissions benchmark still runs: a few submissions per shape, nothing timed.

`bench/submissions.py` (see the developers' guide) starts the production shape and
compares one instance with two; here it sends four submissions per shape, once, and
only that it printed both figures and their ratio is checked (the cluster's start is
most of the time). Skipped where PostgreSQL or HAProxy is missing, as the cluster
tests are.
"""

import re

import pytest
import submissions

from atvidaberg.etjanster.devserver.cluster import binaries_missing


@pytest.mark.skipif(
    bool(binaries_missing()),
    reason=f"needs PostgreSQL and HAProxy: {', '.join(binaries_missing())} missing",
)
def test_the_benchmark_measures_both_shapes_and_prints_the_ratio(run_quick):
    out = run_quick("submissions", timeout=600)
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
