"""buildout.cfg for integrators: its versions.cfg follows constraints.txt, and it
builds an instance that runs Plone with the add-on (scripts/check_buildout.sh)."""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "scripts" / "versions_from_constraints.py"
CHECK = ROOT / "scripts" / "check_buildout.sh"


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "versions_from_constraints", GENERATOR
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def versions(text):
    """{canonical name: version} of the `name = version` lines of a versions.cfg."""
    generator = load_generator()
    pins = {}
    for line in text.splitlines():
        if " = " in line and not line.startswith("#"):
            name, version = line.split(" = ")
            pins[generator.canonical(name)] = version
    return pins


def test_versions_cfg_is_generated_from_the_current_constraints():
    generator = load_generator()
    expected = generator.render((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    actual = (ROOT / "versions.cfg").read_text(encoding="utf-8")
    assert actual == expected, (
        "versions.cfg is stale: run python scripts/versions_from_constraints.py"
    )


def test_versions_cfg_pins_every_constraint_and_what_buildout_needs():
    generator = load_generator()
    constraints = generator.read_constraints(
        (ROOT / "constraints.txt").read_text(encoding="utf-8")
    )
    pins = versions((ROOT / "versions.cfg").read_text(encoding="utf-8"))
    for name, version in constraints.items():
        assert pins[generator.canonical(name)] == version, name
    for name in ("zc.buildout", "zc.recipe.egg", "plone.recipe.zope2instance", "pip"):
        assert generator.canonical(name) in pins, name
    # What bin/buildout checks for upgrades must be pinned, or it picks.
    for name in ("setuptools", "wheel", "pip", "zc.buildout"):
        assert generator.canonical(name) in pins, name


def test_generator_renders_canonical_sorted_pins():
    generator = load_generator()
    text = generator.render("zc.buildout==1.0\nFoo_Bar==2\n")
    assert versions(text) == {"zc-buildout": "1.0", "foo-bar": "2"}
    assert text.startswith("# GENERATED FILE")
    assert text.index("Foo_Bar = 2") < text.index("zc.buildout = 1.0")


def test_generator_refuses_what_is_not_an_exact_pin():
    generator = load_generator()
    for line in ("foo>=1", "-e .", "foo==1; python_version < '3.12'"):
        try:
            generator.render(line + "\n")
        except ValueError:
            continue
        raise AssertionError(f"{line!r} was accepted")


def test_buildout_cfg_fetches_only_from_the_index():
    cfg = (ROOT / "buildout.cfg").read_text(encoding="utf-8")
    lines = [line.split("#", 1)[0].strip() for line in cfg.splitlines()]
    assert "extends = versions.cfg" in lines
    assert "allow-picked-versions = false" in lines
    assert "use-dependency-links = false" in lines
    urls = [line for line in lines if "://" in line]
    assert urls == ["index = https://pypi.org/simple/"], urls
    assert not any(line.startswith("find-links") for line in lines)


def test_buildout_cfg_instructions_use_the_pins():
    generator = load_generator()
    cfg = (ROOT / "buildout.cfg").read_text(encoding="utf-8")
    pins = versions((ROOT / "versions.cfg").read_text(encoding="utf-8"))
    mentioned = re.findall(r"([A-Za-z][\w.-]*)==([\w.]+)", cfg)
    assert mentioned, "buildout.cfg no longer says how to install zc.buildout"
    for name, version in mentioned:
        assert pins[generator.canonical(name)] == version, name


def test_check_buildout_builds_an_instance_with_the_addon():
    """Cold (nothing in ~/.cache/atvidaberg-buildout) this takes 4-5 minutes on
    two cores, warm about half a minute."""
    env = dict(os.environ)
    env.setdefault("PYTHON", shutil.which("python3.11") or sys.executable)
    result = subprocess.run(
        ["bash", str(CHECK)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=1200,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "SITE OK: Products.CMFPlone" in result.stdout, output[-6000:]
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("check_buildout: OK:"), output[-6000:]
