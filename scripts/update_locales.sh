#!/usr/bin/env bash
# Extract the msgids from code, templates and profiles, and merge them into the Swedish
# and English catalogs. Translate the new entries in locales/sv afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
domain=atvidaberg.etjanster
locales=src/atvidaberg/etjanster/locales
bin=.venv/bin
"$bin/i18ndude" rebuild-pot --pot "$locales/$domain.pot" --create "$domain" src/atvidaberg/etjanster
for lang in sv en; do
  po="$locales/$lang/LC_MESSAGES/$domain.po"
  mkdir -p "$(dirname "$po")"
  [ -f "$po" ] || printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Language-Code: %s\\n"\n"Language-Name: %s\\n"\n"Domain: %s\\n"\n' "$lang" "$lang" "$domain" > "$po"
  "$bin/i18ndude" sync --pot "$locales/$domain.pot" "$po"
done
