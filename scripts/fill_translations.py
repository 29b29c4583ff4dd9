"""Fill empty msgstr entries of a .po file from a {msgid: translation} dict module.

Usage: python scripts/fill_translations.py <po-file> <module-with-dict.py> [DICT_NAME]
Entries that already have a translation are kept.
"""

import ast
import re
import sys
from pathlib import Path

ENTRY = re.compile(r'(msgid "((?:[^"\\]|\\.)*)"\nmsgstr ")("\n)', re.M)


def fill(po_path, translations):
    text = Path(po_path).read_text(encoding="utf-8")

    def replace(match):
        msgid = (
            match.group(2).encode().decode("unicode_escape").encode("latin-1").decode()
        )
        translated = translations.get(msgid)
        if not translated:
            return match.group(0)
        escaped = translated.replace("\\", "\\\\").replace('"', '\\"')
        return f'{match.group(1)}{escaped}"\n'

    Path(po_path).write_text(ENTRY.sub(replace, text), encoding="utf-8")


if __name__ == "__main__":
    source = Path(sys.argv[2]).read_text(encoding="utf-8")
    name = sys.argv[3] if len(sys.argv) > 3 else "SV"
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == name:
            fill(sys.argv[1], ast.literal_eval(node.value))
