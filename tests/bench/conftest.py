"""The benchmarks' smoke tests run a script of ``bench/`` quickly, as a user would."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def run_bench(tmp_path):
    """``run_bench("cache.py", "--seconds=0.3", ...)``: its output; it must exit 0.

    Always with ``--no-check`` and an instance under the test's temporary directory.
    """

    def run(script, *options, timeout=300):
        result = subprocess.run(
            [
                sys.executable,
                str(BENCH / script),
                *options,
                "--no-check",
                f"--home={tmp_path / 'instance'}",
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout

    return run
