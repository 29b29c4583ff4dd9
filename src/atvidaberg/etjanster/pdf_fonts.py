"""The Unicode font the generated PDFs embed (Debian's fonts-dejavu-core), when present.

Without it, fpdf2's core fonts still print åäö (windows-1252), but not every character.
"""

from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def font_available():
    return all((FONT_DIR / name).is_file() for name in FONT_FILES.values())
