#!/usr/bin/env bash
# Prove that buildout.cfg builds a working Zope/Plone instance from the package
# index alone, with every version from versions.cfg.
#
#     bash scripts/check_buildout.sh            # warm: reuses ~/.cache/atvidaberg-buildout
#     bash scripts/check_buildout.sh --cold     # nothing cached: downloads everything
#
# In a scratch directory it copies the checkout (the files git knows of, tracked or
# not ignored), makes a venv, pip-installs zc.buildout at its pin, runs bin/buildout,
# then with the built bin/instance creates a Plone site with atvidaberg.etjanster
# in a throwaway Data.fs and serves it over HTTP once (the add-on's WSGI filters
# included: a path that is not UTF-8 gets 400, /@@health 200). The last line is
# "check_buildout: OK ..." and the exit status 0 on success.
#
# Environment:
#   PYTHON            the interpreter for the venv (default python3.11)
#   INDEX_URL         the package index (default https://pypi.org/simple/)
#   BUILDOUT_CACHE    eggs and downloads shared between runs
#                     (default ~/.cache/atvidaberg-buildout; --cold uses a fresh one)
#   KEEP=1            keep the scratch directory and print where it is
set -euo pipefail

COLD=0
for arg in "$@"; do
    case "$arg" in
        --cold) COLD=1 ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "usage: $0 [--cold]" >&2
            exit 2
            ;;
    esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3.11}"
INDEX_URL="${INDEX_URL:-https://pypi.org/simple/}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-buildout.XXXXXX")"
if [[ "$COLD" == 1 ]]; then
    CACHE="$WORK/cache"
else
    CACHE="${BUILDOUT_CACHE:-$HOME/.cache/atvidaberg-buildout}"
fi
SERVER_PID=""
START=$SECONDS

log() { echo "check_buildout: $* ($((SECONDS - START))s)"; }

# bin/instance fg runs the WSGI server as a child process: it is started in a
# session of its own and the whole process group is stopped.
stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do
        kill -0 -- "-$SERVER_PID" 2>/dev/null || break
        sleep 0.5
    done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

cleanup() {
    local status=$?
    stop_server
    if [[ "${KEEP:-0}" == 1 ]]; then
        echo "check_buildout: kept $WORK"
    else
        rm -rf "$WORK"
    fi
    if [[ $status -ne 0 ]]; then
        echo "check_buildout: FAILED (exit $status)" >&2
    fi
    exit $status
}
trap cleanup EXIT

# Only the index: no pip configuration of this machine (find-links, extra
# indexes, a wheel directory) takes part, neither for the venv nor for the pip
# that buildout runs. A pip cache is only a cache of what the index served.
export PIP_CONFIG_FILE=/dev/null
unset PIP_FIND_LINKS PIP_EXTRA_INDEX_URL PIP_NO_INDEX PIP_CONSTRAINT PIP_REQUIREMENT
export PIP_INDEX_URL="$INDEX_URL"
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [[ "$COLD" == 1 ]]; then
    export PIP_NO_CACHE_DIR=1
fi

log "copying $REPO to $WORK/src"
mkdir -p "$WORK/src"
if git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
    # Tracked files and new ones that are not ignored: never .venv, instance, bin...
    (cd "$REPO" && git ls-files -z --cached --others --exclude-standard \
        | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
        | tar --null -T - -cf -) | tar -C "$WORK/src" -xf -
else
    tar -C "$REPO" --exclude=./.venv --exclude=./instance --exclude=./.git -cf - . \
        | tar -C "$WORK/src" -xf -
fi
cd "$WORK/src"

# The same pins as versions.cfg, for pip.
sed -n 's/^\([A-Za-z0-9][A-Za-z0-9._-]*\) = \([^ ]*\)$/\1==\2/p' versions.cfg >"$WORK/pins.txt"

log "creating a venv with $PYTHON ($("$PYTHON" --version 2>&1))"
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet -c "$WORK/pins.txt" pip
.venv/bin/python -m pip install --quiet -c "$WORK/pins.txt" \
    zc.buildout setuptools wheel packaging platformdirs
.venv/bin/python -m pip list --format=freeze 2>/dev/null \
    | grep -iE '^(zc\.buildout|setuptools|pip|wheel)==' | tr '\n' ' '
echo

mkdir -p "$CACHE/eggs" "$CACHE/downloads"
PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# The index's host, and PyPI's file host: buildout may read or download nothing
# else (allow-hosts makes it refuse other links), and the log is checked too.
INDEX_HOST="$("$PYTHON" -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).hostname)' "$INDEX_URL")"
ALLOWED_HOSTS=("$INDEX_HOST" files.pythonhosted.org)

log "running bin/buildout (cache $CACHE, hosts ${ALLOWED_HOSTS[*]})"
.venv/bin/buildout -c buildout.cfg \
    "buildout:index=$INDEX_URL" \
    "buildout:allow-hosts=$(printf '%s\n' "${ALLOWED_HOSTS[@]}")" \
    "buildout:eggs-directory=$CACHE/eggs" \
    "buildout:download-cache=$CACHE/downloads" \
    "instance:http-address=127.0.0.1:$PORT" 2>&1 | tee "$WORK/buildout.log"
test -x bin/instance
FETCHED="$(grep -oE '(Reading|Downloading) [a-z+]+://[^/ ]+' "$WORK/buildout.log" \
    | sed -E 's#.*://([^/:@]*@)?([^/:]+).*#\2#' | sort -u || true)"
for host in $FETCHED; do
    if [[ " ${ALLOWED_HOSTS[*]} " != *" $host "* ]]; then
        echo "check_buildout: buildout fetched from $host, not only from the index" >&2
        exit 1
    fi
done
FETCHED="${FETCHED//$'\n'/ }"
log "buildout fetched from: ${FETCHED:-nothing (all cached)}"

log "creating a Plone site with bin/instance run"
cat >"$WORK/check_site.py" <<'PY'
import os

import transaction
from AccessControl.SecurityManagement import newSecurityManager
from Products.CMFPlone.factory import addPloneSite
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import atvidaberg.etjanster  # noqa: F401
import Products.CMFPlone  # noqa: F401

assert os.environ.get("TZ") == "Europe/Stockholm", os.environ.get("TZ")
from atvidaberg.etjanster.clock import datetime_drift  # noqa: E402

assert abs(datetime_drift()) < 60, f"DateTime is {datetime_drift()} s off"
assert os.environ.get("zope_i18n_compile_mo_files") == "true"

app = makerequest(app)  # noqa: F821 (app comes from bin/instance run)
admin = app.acl_users.getUser("admin")
assert admin is not None, "the instance has no admin user"
newSecurityManager(None, admin.__of__(app.acl_users))
site = addPloneSite(
    app,
    "Plone",
    title="check_buildout",
    setup_content=False,
    default_language="sv",
    extension_ids=["plone.app.contenttypes:default", "atvidaberg.etjanster:default"],
)
setSite(site)
from plone.base.utils import get_installer  # noqa: E402

installer = get_installer(site, site.REQUEST)
assert installer.is_product_installed("atvidaberg.etjanster"), "add-on not installed"
transaction.commit()
from importlib.metadata import version  # noqa: E402

print(
    "SITE OK: Products.CMFPlone %s, atvidaberg.etjanster %s installed in /Plone"
    % (version("Products.CMFPlone"), version("atvidaberg.etjanster"))
)
PY
bin/instance run "$WORK/check_site.py" | tee "$WORK/site.log"
grep -q '^SITE OK:' "$WORK/site.log"

log "serving the site on 127.0.0.1:$PORT"
setsid bin/instance fg >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
STATUS=""
for _ in $(seq 1 120); do
    STATUS="$(curl -s -o "$WORK/page.html" -w '%{http_code}' "http://127.0.0.1:$PORT/Plone" || true)"
    [[ "$STATUS" == 200 ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 1
done
if [[ "$STATUS" != 200 ]]; then
    echo "check_buildout: http://127.0.0.1:$PORT/Plone answered '$STATUS'" >&2
    tail -40 "$WORK/server.log" >&2
    exit 1
fi
grep -q 'check_buildout' "$WORK/page.html"
# The add-on's WSGI filter is in the pipeline: a path that is not UTF-8 is a 400.
STATUS="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/Plone/%ff" || true)"
if [[ "$STATUS" != 400 ]]; then
    echo "check_buildout: a path that is not UTF-8 answered '$STATUS', not 400" >&2
    tail -40 "$WORK/server.log" >&2
    exit 1
fi
# And the health check: 200 in JSON while the instance reads its database.
STATUS="$(curl -s -o "$WORK/health.json" -w '%{http_code}' "http://127.0.0.1:$PORT/@@health" || true)"
if [[ "$STATUS" != 200 ]] || ! grep -q '"status": *"ok"' "$WORK/health.json"; then
    echo "check_buildout: /@@health answered '$STATUS': $(cat "$WORK/health.json")" >&2
    tail -40 "$WORK/server.log" >&2
    exit 1
fi
grep -q '^max-conflict-retries 10' parts/instance/etc/zope.conf
stop_server

log "OK: buildout.cfg built an instance that created and served a Plone site with atvidaberg.etjanster"
