"""The cache benchmark still runs: a fraction of a second per page, no ratio asserted.

`bench/cache.py` (see the developers' guide) measures the anonymous pages through
Varnish and uncached, in the same run; on a shared machine in a moment it says
nothing about the ratios, so only that it found every page cached, measured it both
ways and printed every ratio beside its goal is checked here. Skipped where Varnish
is not installed (``.ci/run`` installs it).
"""

import re
from pathlib import Path

import cache
import pytest

from atvidaberg.etjanster.devserver.cluster import VARNISHD

pytestmark = pytest.mark.skipif(
    not Path(VARNISHD).exists(), reason="Varnish is not installed (apt install varnish)"
)


def test_the_benchmark_measures_every_page_both_ways_and_prints_the_ratios(
    run_quick,
):
    out = run_quick("cache")
    for page in cache.PAGES:
        assert re.search(
            rf"{re.escape(page.name)} +uncached +\d+\.\d requests/s, "
            rf"through Varnish +\d+\.\d requests/s",
            out,
        )
        label = re.escape(f"{page.name}: cached / uncached")
        assert re.search(rf"{label} +\d+\.\dx  \(goal 20x\)", out)


def test_a_ratio_under_its_goal_fails_the_check():
    fast = {page.name: cache.Rates(10.0, 300.0) for page in cache.PAGES}
    slow = {**fast, "FAQ": cache.Rates(10.0, 190.0)}
    lines = []
    assert cache.report(fast, lines.append)
    assert not cache.report(slow, lines.append)
    assert any(
        "FAQ: cached / uncached" in line and "TOO SLOW" in line for line in lines
    )
