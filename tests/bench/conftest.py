"""The benchmarks' smoke tests run each benchmark as `make bench --quick` does."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import run_all  # noqa: E402


@pytest.fixture
def run_quick(tmp_path):
    """``run_quick(name)``: the benchmark's printed output, run with its quick
    options (``run_all.BENCHMARKS``) in a temporary instance; it must exit 0."""

    def run(name: str, timeout: int = 300) -> str:
        benchmark = next(b for b in run_all.BENCHMARKS if b.name == name)
        result = subprocess.run(
            [
                sys.executable,
                str(BENCH / benchmark.script),
                *benchmark.quick,
                *([f"--home={tmp_path / 'instance'}"] if benchmark.home else []),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout

    return run
