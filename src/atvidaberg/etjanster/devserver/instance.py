"""Render the configuration of a local Zope instance; the data under var/ is kept.

Run again with another port and only the configuration changes.
"""

import argparse
import sys
from pathlib import Path

import zc.lockfile

CONFLICT_RETRIES = 10
ZOPE_CONF = """\
%define INSTANCE {home}
instancehome $INSTANCE
%define CLIENTHOME $INSTANCE/var
clienthome $CLIENTHOME
debug-mode {debug}
security-policy-implementation C
verbose-security off
default-zpublisher-encoding utf-8
# Submissions at the same moment touch shared indexes; retry them more than Zope's 3.
max-conflict-retries {conflict_retries}

<environment>
  CHAMELEON_CACHE $INSTANCE/var/cache
  zope_i18n_compile_mo_files true
</environment>

<dos_protection>
  form-memory-limit 1MB
</dos_protection>

{database}"""

FILESTORAGE = """\
<zodb_db main>
  cache-size 50000
  <blobstorage>
    blob-dir $INSTANCE/var/blobstorage
    <filestorage>
      path $INSTANCE/var/filestorage/Data.fs
    </filestorage>
  </blobstorage>
  mount-point /
</zodb_db>
"""

SITE_ZCML = """\
<configure
    xmlns="http://namespaces.zope.org/zope"
    xmlns:five="http://namespaces.zope.org/five"
    >
  <include package="Zope2.App" />
  <five:loadProducts file="meta.zcml" />
  <five:loadProducts />
  <five:loadProductsOverrides />
</configure>
"""

ZOPE_INI = """\
[app:zope]
use = egg:Zope#main
zope_conf = %(here)s/zope.conf

[server:main]
use = egg:waitress#main
listen = {host}:{port}
threads = 4
max_request_body_size = 104857600
# Waitress 3 drops X-Forwarded-For unless told otherwise; the portal judges it itself
# (traffic.address, the setting "trusted proxies"), so it must reach Zope.
clear_untrusted_proxy_headers = false

[pipeline:main]
pipeline =
    egg:Zope#httpexceptions
    egg:atvidaberg.etjanster#valid_paths
    egg:atvidaberg.etjanster#health
    zope

[loggers]
keys = root, waitress

[handlers]
keys = console, eventlog

[formatters]
keys = generic

[formatter_generic]
format = %(asctime)s %(levelname)s [%(name)s] %(message)s
datefmt = %Y-%m-%d %H:%M:%S

[logger_root]
level = INFO
handlers = console, eventlog

[logger_waitress]
level = INFO
handlers = eventlog
qualname = waitress

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[handler_eventlog]
class = FileHandler
args = (r'{home}/var/log/event.log', 'a')
level = INFO
formatter = generic
"""


def render(
    home: Path, host: str, port: int, debug: bool = False, database: str = FILESTORAGE
) -> None:
    """Write etc/ of an instance; ``database`` is its ``<zodb_db main>`` section
    (``make cluster`` gives RelStorage's, see ``devserver.cluster``)."""
    home = home.resolve()
    for folder in ("etc", "var/filestorage", "var/blobstorage", "var/log", "var/cache"):
        (home / folder).mkdir(parents=True, exist_ok=True)
    # Waitress's access lines carry full URLs; they are left out on purpose (privacy).
    (home / "etc" / "zope.conf").write_text(
        ZOPE_CONF.format(
            home=home,
            debug="on" if debug else "off",
            conflict_retries=CONFLICT_RETRIES,
            database=database,
        ),
        encoding="utf-8",
    )
    (home / "etc" / "site.zcml").write_text(SITE_ZCML, encoding="utf-8")
    (home / "etc" / "zope.ini").write_text(
        ZOPE_INI.format(home=home, host=host, port=port), encoding="utf-8"
    )


def storage_in_use(home: Path) -> bool:
    """True while a Zope process holds the FileStorage (a second one cannot start)."""
    lock_path = home / "var" / "filestorage" / "Data.fs.lock"
    if not lock_path.exists():
        return False
    try:
        lock = zc.lockfile.LockFile(str(lock_path))
    except zc.lockfile.LockError:
        return True
    lock.close()
    return False


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, default=Path("instance"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    if storage_in_use(args.home):
        sys.exit(
            f"The instance in {args.home.resolve()} is already running "
            "(its database is locked). Stop it first (Ctrl+C where it runs)."
        )
    render(args.home, args.host, args.port, args.debug)
    print(f"Instance configuration written to {args.home.resolve()}/etc")


if __name__ == "__main__":
    main()
