"""The case listings benchmark still runs: tiny numbers, no timing asserted.

`make bench-queue` runs it at 1,000 and 100,000 cases (see the developers' guide); here it
builds a site in a temporary directory with 50 and then 200 cases and must print its
medians and ratios. Whether the ratios are met is not asserted: on a shared machine
with a few cases it says nothing.
"""

import re

import case_listings
import pytest


def test_the_benchmark_measures_both_pages_and_prints_the_ratios(run_quick):
    out = run_quick("queue")
    # The resident's 20 cases are listed at both sizes; the queue lists cases.
    assert out.count("Mina sidor at 50 cases lists 20 cases") == 1
    assert out.count("Mina sidor at 200 cases lists 20 cases") == 1
    assert re.search(r"queue, first page at 200 cases lists [1-9]\d* cases", out)
    for label in (
        "Mina sidor: 200/50 cases",
        "Mina sidor / Document (resident) at 200",
        "Officer's queue, first page: 200/50 cases",
        "Officer's queue, first page / Document (officer) at 200",
    ):
        assert re.search(re.escape(label) + r" +\d+\.\d\dx  \(limit 1\.[25]x\)", out), (
            label
        )


def page_with(name, baseline, small_ms, large_ms):
    page = case_listings.Page(name, "officer", [], baseline=baseline)
    page.path = "/x"
    page.times = {10: [small_ms / 1000], 20: [large_ms / 1000]}
    return page


def test_a_ratio_over_its_limit_fails_the_check():
    lines = []
    document = page_with("Document", None, 100, 100)
    fast = page_with("Queue", "Document", 100, 110)
    assert case_listings.report([fast, document], 10, 20, lines.append)
    slow = page_with("Queue", "Document", 100, 130)  # 1.3 > 1.2
    assert not case_listings.report([slow, document], 10, 20, lines.append)
    heavy = page_with("Queue", "Document", 140, 160)  # 1.6 x the Document
    assert not case_listings.report([heavy, document], 10, 20, lines.append)
    assert any("TOO SLOW" in line for line in lines)


def test_the_script_exits_non_zero_unless_told_not_to_check(monkeypatch):
    monkeypatch.setattr(case_listings, "run", lambda args: False)
    with pytest.raises(SystemExit) as exited:
        case_listings.main(["--small=50", "--large=200"])
    assert exited.value.code == 1
    case_listings.main(["--small=50", "--large=200", "--no-check"])
