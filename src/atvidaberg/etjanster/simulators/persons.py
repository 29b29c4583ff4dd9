"""The fixture persons every simulator knows, from one JSON file (documented in docs/)."""

import json
from pathlib import Path

FIXTURE = Path(__file__).with_name("persons.json")


def load(path=FIXTURE):
    """{personal number (12 digits): person dict} of the fixture file."""
    people = json.loads(Path(path).read_text(encoding="utf-8"))["persons"]
    return {person["personalNumber"]: person for person in people}
