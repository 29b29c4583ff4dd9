#!/usr/bin/env bash
# Re-resolve the whole set from the package index and pin it in constraints.txt,
# then regenerate versions.cfg. Review the diff before committing: a new major
# version or a pre-release needs a look (see PRE-RELEASES below).
set -euo pipefail
cd "$(dirname "$0")/.."

PLONE_VERSION=${PLONE_VERSION:-6.2.2}
# Pins the resolver must not decide alone. plone.app.layout: Products.CMFPlone allows
# ">=6.0.0a3", which lets pip take a 7.0 alpha that breaks the site
# (ImportError: AccountPanelValidation).
HOLD=("plone.app.layout<7")
# What only zc.buildout needs (buildout.cfg).
BUILDOUT=("zc.buildout" "plone.recipe.zope2instance")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --upgrade pip
"$work/venv/bin/pip" install --quiet "Plone==$PLONE_VERSION" "${HOLD[@]}" "${BUILDOUT[@]}" ".[test,dev,cluster]"

"$work/venv/bin/python" - <<'PY' > "$work/pins.txt"
import importlib.metadata as metadata

pins = {
    (d.metadata["Name"], d.version)
    for d in metadata.distributions()
    if d.metadata["Name"] != "atvidaberg.etjanster"
}
for name, version in sorted(pins, key=lambda pin: pin[0].lower()):
    print(f"{name}=={version}")
PY

if grep -Ei '==.*[0-9](a|b|rc|dev)[0-9]*$' "$work/pins.txt"; then
  echo "PRE-RELEASES above: hold them back in HOLD and run again." >&2
  exit 1
fi
{
  echo "# Every package of the resolved set, pinned. All installs go through this file"
  echo "# (pip install -c constraints.txt ...). Regenerate with \`make constraints\`."
  cat "$work/pins.txt"
} > constraints.txt
python3 scripts/versions_from_constraints.py
git --no-pager diff --stat constraints.txt versions.cfg || true
