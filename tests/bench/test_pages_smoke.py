"""The page benchmark still runs: a fraction of a second per page, no ratio asserted.

`bench/pages.py` (see the developers' guide) compares the portal's anonymous pages
and REST GET with a plain Plone site's, in the same process; on a shared machine in
a moment it says nothing about the ratios, so only that it measured every page and
printed every ratio beside its goal is checked here.
"""

import re

import pages


def test_the_benchmark_measures_every_page_and_prints_the_ratios(run_quick):
    out = run_quick("pages")
    for page in pages.PAGES:
        assert re.search(rf"{re.escape(page.name)} +\d+\.\d requests/s", out)
    for ratio in pages.RATIOS:
        label = re.escape(f"{ratio.page} / {ratio.baseline}")
        goal = r"\(not checked\)" if ratio.goal is None else r"\(goal 0\.8x\)"
        assert re.search(rf"{label} +\d+\.\d\dx  {goal}", out)


def test_a_ratio_under_its_goal_fails_the_check():
    fast = {page.name: 100.0 for page in pages.PAGES}
    slow = {**fast, "FAQ": 79.0}
    lines = []
    assert pages.report(fast, lines.append)
    assert not pages.report(slow, lines.append)
    assert any("FAQ / plain Document" in line and "TOO SLOW" in line for line in lines)
