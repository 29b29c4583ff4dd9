"""HTTP clients in processes of their own, for ``bench/cache.py``.

``bench_site`` serves Zope with waitress in the benchmark's own process: client
threads there would share Python's GIL with the server, and a cached page comes
back so fast that they would measure Python's HTTP client rather than the cache.
Each client here is a separate Python process, told what to fetch over a pipe, with
one keep-alive connection for each order (as ``wrk`` keeps its connections; not
across orders: Varnish closes a connection idle for 5 seconds).

    with Clients(4) as clients:
        rate = clients.rate("127.0.0.1", 8080, "/Plone", seconds=5)
"""

import http.client
import json
import subprocess
import sys
import time
from pathlib import Path

START_DELAY = 0.2  # seconds for every client to read its order before the start


class Clients:
    """``count`` client processes (context manager); ``rate`` runs them all at once."""

    def __init__(self, count: int):
        self.processes = [
            subprocess.Popen(  # noqa: S603 (this file, in our Python)
                [sys.executable, str(Path(__file__).resolve())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(count)
        ]

    def rate(self, host: str, port: int, path: str, seconds: float) -> float:
        """Requests per second of all clients together, GET ``path`` for
        ``seconds``; SystemExit when a request does not answer 200."""
        order = {
            "host": host,
            "port": port,
            "path": path,
            "seconds": seconds,
            "start": time.time() + START_DELAY,
        }
        for process in self.processes:
            process.stdin.write(json.dumps(order) + "\n")
            process.stdin.flush()
        results = [json.loads(process.stdout.readline()) for process in self.processes]
        failed = [result["error"] for result in results if result["error"]]
        if failed:
            raise SystemExit(f"{path} on port {port}: {sorted(set(failed))}")
        elapsed = sum(result["elapsed"] for result in results) / len(results)
        return sum(result["count"] for result in results) / elapsed

    def close(self) -> None:
        for process in self.processes:
            process.stdin.close()
        for process in self.processes:
            process.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def fetch(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def run(order: dict) -> dict:
    """One order: GET its path as fast as one connection can, from its start."""
    connection = http.client.HTTPConnection(order["host"], order["port"], timeout=120)
    time.sleep(max(0.0, order["start"] - time.time()))
    count, error = 0, None
    began = time.perf_counter()
    end = began + order["seconds"]
    while time.perf_counter() < end:
        try:
            status = fetch(connection, order["path"])
        except (OSError, http.client.HTTPException) as failure:
            status = type(failure).__name__
        if status != 200:
            error = str(status)
            break
        count += 1
    elapsed = time.perf_counter() - began
    connection.close()
    return {"count": count, "elapsed": elapsed, "error": error}


def main() -> None:
    for line in sys.stdin:
        print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
