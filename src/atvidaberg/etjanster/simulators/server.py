"""Run the three simulators and their control server: `etjanster-simulators`.

    etjanster-simulators --home instance

prints each address and serves until Ctrl+C. Tests start the same thing in-process
with ``start_all(home)`` on free ports.
"""

import argparse
import contextlib
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from atvidaberg.etjanster.simulators import persons as fixture_persons
from atvidaberg.etjanster.simulators.tls import Pki
from atvidaberg.etjanster.simulators.tls import ensure_pki
from atvidaberg.etjanster.simulators.tls import server_context
from atvidaberg.etjanster.simulators.web import Response
from atvidaberg.etjanster.simulators.web import Server
from atvidaberg.etjanster.simulators.web import html_response

DEFAULT_PORTS = {"control": 8440, "bankid": 8441, "freja": 8442, "spar": 8443}
INDEX = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Simulerad e-legitimation</title></head>
<body><h1>Simulerad e-legitimation (testläge)</h1>
<ul><li><a href="/sim/bankid/">BankID-appen</a></li><li><a href="/sim/freja/">Freja eID-appen</a></li>
<li><a href="/sim/spar/">SPAR:s fixturpersoner</a></li></ul>
</body></html>"""


@dataclass
class Running:
    pki: Pki
    servers: dict  # name -> Server
    simulators: dict  # name -> simulator object

    def url(self, name):
        return self.servers[name].url

    def stop(self):
        for server in self.servers.values():
            server.stop()


def pki_directory(home):
    return Path(home) / "var" / "eid-sim"


def _simulator(name, people, pki):
    if name == "bankid":
        from atvidaberg.etjanster.simulators.bankid import BankIdSimulator

        return BankIdSimulator(people)
    if name == "freja":
        from atvidaberg.etjanster.simulators.freja import FrejaSimulator

        return FrejaSimulator(people, pki)
    from atvidaberg.etjanster.simulators.spar import SparSimulator

    return SparSimulator(people)


def start_all(
    home, host="127.0.0.1", ports=None, persons=None, names=("bankid", "freja", "spar")
) -> Running:
    ports = ports or dict.fromkeys(DEFAULT_PORTS, 0)
    pki = ensure_pki(pki_directory(home))
    people = persons if persons is not None else fixture_persons.load()
    simulators = {name: _simulator(name, people, pki) for name in names}
    tls = server_context(pki)
    servers = {
        name: Server(simulator.handle, host, ports[name], tls).start()
        for name, simulator in simulators.items()
    }

    def control(request):
        for name, simulator in simulators.items():
            if request.path.startswith(f"/sim/{name}/"):
                return simulator.handle_control(request)
        if request.path in ("/", "/sim", "/sim/"):
            return html_response(INDEX)
        return Response(404, b"Not found", "text/plain")

    servers["control"] = Server(control, host, ports["control"]).start()
    return Running(pki, servers, simulators)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Local BankID, Freja eID+ and SPAR simulators."
    )
    parser.add_argument("--home", type=Path, default=Path("instance"))
    parser.add_argument("--host", default="127.0.0.1")
    for name, port in DEFAULT_PORTS.items():
        parser.add_argument(f"--{name}-port", type=int, default=port)
    args = parser.parse_args(argv)
    ports = {name: getattr(args, f"{name}_port") for name in DEFAULT_PORTS}
    running = start_all(args.home, args.host, ports)
    print("Simulated e-legitimation (test mode):")
    print(f"  BankID RP API (mTLS)  {running.url('bankid')}/rp/v6.0/")
    print(f"  Freja eID+ API (mTLS) {running.url('freja')}/")
    print(f"  SPAR PersonSok (mTLS) {running.url('spar')}/2021.1/")
    print(f"  Play the apps         {running.url('control')}/sim/")
    print(f"  Test PKI              {running.pki.directory.resolve()}")
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with contextlib.suppress(KeyboardInterrupt):
        stopped.wait()
    running.stop()


if __name__ == "__main__":
    main()
