"""The @eid/collect benchmark still runs: a second per target, no ratio asserted.

`bench/eid_collect.py` (see the developers' guide) compares the throughput of
``@eid/collect`` with a plain Document's; on a shared machine in a second it says
nothing about the ratio, so only that it measured both is checked here.
"""

import re

import eid_collect


def test_the_benchmark_measures_collect_and_the_document(run_quick):
    out = run_quick("eid")
    assert re.search(r"round 1: Document [1-9]\d* requests, @eid/collect [1-9]", out)
    assert re.search(r"Document +\d+\.\d requests/s", out)
    assert re.search(r"@eid/collect +\d+\.\d requests/s", out)
    assert re.search(r"@eid/collect / Document +\d+\.\d\dx  \(at least 5\.0x\)", out)


def test_a_ratio_under_the_limit_fails_the_check():
    document = eid_collect.Target("Document", [100], [10.0])
    fast = eid_collect.Target("@eid/collect", [600], [10.0])
    slow = eid_collect.Target("@eid/collect", [400], [10.0])
    lines = []
    assert eid_collect.report(document, fast, 5.0, lines.append)
    assert not eid_collect.report(document, slow, 5.0, lines.append)
    assert "TOO SLOW" in lines[-1]
