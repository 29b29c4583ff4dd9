"""Write versions.cfg, the [versions] section of buildout.cfg, from constraints.txt.

    python scripts/versions_from_constraints.py            # rewrite versions.cfg
    python scripts/versions_from_constraints.py --check    # exit 1 if it is stale

constraints.txt pins every package of the pip install exactly; versions.cfg holds
the same pins for zc.buildout, so a buildout and `make install` get the same set.
What only zc.buildout needs (buildout itself, its recipes and what they depend
on) is pinned in constraints.txt too, so there is one list of versions.

Only the standard library is used, so any Python 3.11 runs this.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
VERSIONS = ROOT / "versions.cfg"

HEADER = """\
# GENERATED FILE - do not edit by hand.
# The pins of constraints.txt for zc.buildout (see buildout.cfg); constraints.txt
# also pins what only buildout needs. Regenerate after changing constraints.txt with
#     python scripts/versions_from_constraints.py
# tests/buildout/test_buildout.py fails while this file is stale.
"""

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*(?P<version>[^\s;#]+)$")


def canonical(name):
    """The PEP 503 form of a project name: how pip and buildout compare names."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_constraints(text):
    """Return {name: version} of the `name==version` lines; anything else is an error."""
    pins = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        if match is None:
            raise ValueError(
                f"constraints.txt:{number}: {raw!r} is not a plain `name==version` pin; "
                "versions.cfg can only carry exact pins"
            )
        name, version = match["name"], match["version"]
        if canonical(name) in {canonical(n) for n in pins}:
            raise ValueError(f"constraints.txt:{number}: {name} is pinned twice")
        pins[name] = version
    return pins


def render(constraints_text):
    """The text of versions.cfg for the given constraints.txt text."""
    pins = read_constraints(constraints_text)
    items = sorted(pins.items(), key=lambda item: canonical(item[0]))
    return (
        HEADER
        + "\n[versions]\n"
        + "".join(f"{name} = {version}\n" for name, version in items)
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if versions.cfg differs from what would be written",
    )
    parser.add_argument("--constraints", type=Path, default=CONSTRAINTS)
    parser.add_argument("--output", type=Path, default=VERSIONS)
    args = parser.parse_args(argv)

    try:
        text = render(args.constraints.read_text(encoding="utf-8"))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.check:
        current = (
            args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        )
        if current != text:
            print(
                f"{args.output.name} is stale: run python scripts/versions_from_constraints.py",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output.name} matches {args.constraints.name}")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
