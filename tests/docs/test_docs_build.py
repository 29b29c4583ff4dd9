"""The manual builds without warnings and describes every REST endpoint."""

import subprocess
import sys
from pathlib import Path

from helpers import registered_endpoints

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def test_manual_builds_without_warnings(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-b",
            "html",
            str(DOCS),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_services_are_found():
    assert "@eservices" in registered_endpoints()


def test_integrators_guide_mentions_every_endpoint():
    guide = (DOCS / "integrators.md").read_text(encoding="utf-8")
    missing = [name for name in registered_endpoints() if name not in guide]
    assert missing == [], f"docs/integrators.md does not describe {missing}"
