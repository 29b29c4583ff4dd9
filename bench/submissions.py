"""Submissions per second on PostgreSQL: one Zope instance, then two, in one run.

Starts the production shape (``devserver.cluster``: PostgreSQL through RelStorage,
two Zope instances, HAProxy; free ports, a temporary home) and logs in ``--clients``
residents with the BankID simulator, each from an address of its own (the
X-Forwarded-For a load balancer sends). Then, round after round and for each
shape in turn, every resident fills in drafts of a fault report (untimed) and the
``--submissions`` drafts are sent in by ``--clients`` threads at once (timed, from
the first request to the last answer):

- one instance: every submission goes to the first instance (the second idles);
- two instances: every other submission goes to the second instance.

The delivery of each submission to the SMTP sink happens as in production, right
after its commit, in the same processes. Prints each round's figures, the median of
each shape and their ratio. Nothing is checked: on a two-core machine two instances
need not be faster (see the developers' guide, "Under load and faults").

    .venv/bin/python bench/submissions.py
    .venv/bin/python bench/submissions.py --submissions 8 --rounds 1 --clients 2
"""

import argparse
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import psutil

from atvidaberg.etjanster.devserver.cluster import Cluster
from atvidaberg.etjanster.devserver.cluster import binaries_missing
from atvidaberg.etjanster.devserver.cluster import temporary_cluster

TIMEOUT = httpx.Timeout(300)
PERSONS = ["198001019820", "197503159837", "200002299881"]  # docs/fixture-persons.md
FELANMALAN = "/Plone/e-tjanster/felanmalan-gata-och-park"
A_REPORT = {"typ": "Gatubelysning", "plats": "Storgatan 12", "beskrivning": "Mörkt."}
SHAPES = {"one instance": (1,), "two instances": (1, 2)}


@dataclass(frozen=True)
class Draft:
    resident: httpx.Client
    path: str  # of the case, from the server's root


def log_in(cluster: Cluster, person: str, address: str) -> httpx.Client:
    """A resident logged in with BankID's QR flow (the simulator approves)."""
    resident = httpx.Client(
        base_url=cluster.instance_urls()[0],
        headers={"Accept": "application/json", "X-Forwarded-For": address},
        timeout=TIMEOUT,
    )
    control = f"http://127.0.0.1:{cluster.settings.simulator_ports['control']}"
    started = resident.post(
        "/Plone/@eid/start", json={"provider": "bankid", "device": "other"}
    )
    started.raise_for_status()
    httpx.post(
        f"{control}/sim/bankid/approve",
        json={"qr": started.json()["qr"], "personalNumber": person},
    ).raise_for_status()
    answer = resident.post(
        "/Plone/@eid/collect", json={"transaction": started.json()["transaction"]}
    )
    if answer.json().get("status") != "complete":
        raise SystemExit(f"the login did not complete: {answer.text}")
    return resident


def log_in_residents(cluster: Cluster, count: int) -> list[httpx.Client]:
    """One login per person at a time (BankID refuses a second order while the first
    is in progress)."""
    return [
        log_in(cluster, PERSONS[index % len(PERSONS)], f"192.0.2.{index + 1}")
        for index in range(count)
    ]


def on(cluster: Cluster, instance: int) -> tuple[str, dict]:
    """The instance's base URL and the Origin header its writes need."""
    url = cluster.instance_urls()[instance - 1]
    return url, {"Origin": url}


def fill_in(cluster: Cluster, resident: httpx.Client, instance: int) -> Draft:
    url, origin = on(cluster, instance)
    draft = resident.post(f"{url}{FELANMALAN}/@start", headers=origin)
    draft.raise_for_status()
    path = httpx.URL(draft.json()["@id"]).path
    saved = resident.patch(
        f"{url}{path}/@form", json={"step": "felet", "data": A_REPORT}, headers=origin
    )
    saved.raise_for_status()
    return Draft(resident, path)


def submit(cluster: Cluster, draft: Draft, instance: int) -> None:
    url, origin = on(cluster, instance)
    sent = draft.resident.post(f"{url}{draft.path}/@submit", headers=origin)
    if sent.status_code != 200:
        raise SystemExit(f"a submission failed: {sent.status_code} {sent.text[:500]}")


@dataclass(frozen=True)
class Round:
    rate: float  # submissions per second
    zope_cpu: float  # CPU seconds of the Zope processes per submission
    database_cpu: float  # CPU seconds of PostgreSQL per submission
    load: float  # the machine's load average (1 min) at the end


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def zope_processes(cluster: Cluster) -> list[psutil.Process]:
    running = (cluster.instance_process(n) for n in (1, 2))
    return [psutil.Process(process.pid) for process in running if process]


def database_processes(cluster: Cluster) -> list[psutil.Process]:
    """The postmaster and its backends (RelStorage keeps its connections open)."""
    pid = int((cluster.postgresql.data / "postmaster.pid").read_text().split()[0])
    postmaster = psutil.Process(pid)
    return [postmaster, *postmaster.children(recursive=True)]


def measure(cluster, residents, shape, submissions, clients) -> Round:
    """One round in ``shape`` (instance numbers, used in turn): the drafts are
    filled in first, untimed; then the submissions, timed, with the CPU time the
    Zope processes and PostgreSQL spent on them."""
    targets = [shape[index % len(shape)] for index in range(submissions)]
    with ThreadPoolExecutor(clients) as pool:
        drafts = list(
            pool.map(
                lambda index: fill_in(
                    cluster, residents[index % len(residents)], targets[index]
                ),
                range(submissions),
            )
        )
    next_one = iter(range(submissions))
    lock = threading.Lock()

    def work(_client: int) -> None:
        while True:
            with lock:
                index = next(next_one, None)
            if index is None:
                return
            submit(cluster, drafts[index], targets[index])

    zope, database = zope_processes(cluster), database_processes(cluster)
    zope_before, database_before = cpu_seconds(zope), cpu_seconds(database)
    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(work, range(clients)))
    elapsed = time.perf_counter() - began
    return Round(
        rate=submissions / elapsed,
        zope_cpu=(cpu_seconds(zope) - zope_before) / submissions,
        database_cpu=(cpu_seconds(database) - database_before) / submissions,
        load=os.getloadavg()[0],
    )


def run(args, out=print) -> dict[str, list[Round]]:
    rounds = {name: [] for name in SHAPES}
    out("Starting the cluster (PostgreSQL, two Zope instances, HAProxy) ...")
    with temporary_cluster("etjanster-bench-submissions-") as cluster:
        residents = log_in_residents(cluster, args.clients)
        # Untimed: every page and the submission's code path once on each instance.
        for instance in (1, 2):
            submit(cluster, fill_in(cluster, residents[0], instance), instance)
        for round_number in range(1, args.rounds + 1):
            for name, shape in SHAPES.items():
                measured = measure(
                    cluster, residents, shape, args.submissions, args.clients
                )
                rounds[name].append(measured)
                out(
                    f"round {round_number}  {name:14} {measured.rate:6.2f} "
                    f"submissions/s  CPU s per submission: Zope "
                    f"{measured.zope_cpu:.2f}, PostgreSQL {measured.database_cpu:.2f}"
                    f"  (load {measured.load:.1f})"
                )
    report(rounds, out)
    return rounds


def report(rounds: dict[str, list[Round]], out=print) -> float:
    """Print the medians of each shape and the ratio of the rates; returns it."""
    medians = {}
    for name, measured in rounds.items():
        rate = medians[name] = statistics.median(r.rate for r in measured)
        zope = statistics.median(r.zope_cpu for r in measured)
        database = statistics.median(r.database_cpu for r in measured)
        out(
            f"{name + ' (median)':28} {rate:6.2f} submissions/s  CPU s per "
            f"submission: Zope {zope:.2f}, PostgreSQL {database:.2f}"
        )
    one, two = medians["one instance"], medians["two instances"]
    ratio = two / one
    out(f"{'two / one':28} {ratio:6.2f}x  (reported, no goal)")
    return ratio


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent residents")
    parser.add_argument(
        "--submissions", type=int, default=40, help="per shape and round"
    )
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args(argv)


def main(argv=None) -> None:
    missing = binaries_missing()
    if missing:
        sys.exit("the benchmark needs " + ", ".join(missing))
    run(parse_args(argv))


if __name__ == "__main__":
    main()
