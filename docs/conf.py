"""Sphinx configuration of the manual of atvidaberg.etjanster.

Build it with ``make docs`` (warnings are errors); the tests build it as well.
"""

project = "atvidaberg.etjanster"
author = "Åtvidabergs kommun"
copyright = "Åtvidabergs kommun"
release = "1.0.0.dev0"

# The manual is written in English for developers, integrators and staff alike;
# Swedish words appear where they are the domain's own (e-tjänst, blankett, Mina sidor).
language = "en"

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "alabaster"
html_title = "Åtvidaberg e-tjänster: manual"
html_static_path = []
