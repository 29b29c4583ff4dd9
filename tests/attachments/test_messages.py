"""Every refusal has a Swedish message, read from the package's .po files.

Skipped for a msgid the .po file does not have yet (the lead adds them).
"""

import pytest
from attachment_samples import PE
from zope.i18n import translate

from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.attachments import ClamdScanner
from atvidaberg.etjanster.attachments import validate

SWEDISH = {
    "empty": "Filen är tom.",
    "too_large": "Filen är större än 1 MB.",
    "case_too_large": (
        "De bifogade filerna får tillsammans vara högst 2 MB. "
        "Det finns plats för 0,5 MB till."
    ),
    "type_not_allowed": (
        "Filer av den här typen går inte att bifoga. Tillåtna filtyper: PDF."
    ),
    "type_mismatch": (
        "Filnamnet säger PDF, men innehållet är något annat. "
        "Spara filen igen i rätt format och bifoga den på nytt."
    ),
    "infected": "Filen innehåller virus eller annan skadlig kod och går inte att bifoga.",
    "scanner_unavailable": (
        "Filen kunde inte kontrolleras mot virus just nu. Försök igen om en stund."
    ),
}


class Infected:
    def scan(self, data):
        return "Eicar-Signature"


def refusals(pdf):
    mb = 2**20
    yield {"filename": "a.pdf", "data": b""}
    yield {"filename": "a.pdf", "data": pdf + b" " * mb, "max_file_bytes": mb}
    yield {
        "filename": "a.pdf",
        "data": pdf + b" " * mb,
        "max_file_bytes": 2 * mb,
        "case_total_bytes": int(1.5 * mb),
        "max_case_bytes": 2 * mb,
    }
    yield {"filename": "a.exe", "data": PE, "allowed": {"pdf"}}
    yield {"filename": "a.pdf", "data": PE}
    yield {"filename": "a.pdf", "data": pdf, "scanner": Infected()}
    yield {
        "filename": "a.pdf",
        "data": pdf,
        "scanner": ClamdScanner("/nonexistent.sock"),
    }


def test_swedish(integration, samples):
    missing = []
    seen = set()
    for kwargs in refusals(samples["pdf"]):
        with pytest.raises(AttachmentRefused) as info:
            validate(**kwargs)
        code, message = info.value.code, info.value.message
        seen.add(code)
        swedish = translate(message, target_language="sv")
        if swedish == translate(message, target_language="xx"):
            missing.append(str(message))
            continue
        assert swedish == SWEDISH[code]
    assert seen == set(SWEDISH)
    if missing:
        pytest.skip(f"not yet in the .po files: {missing}")
