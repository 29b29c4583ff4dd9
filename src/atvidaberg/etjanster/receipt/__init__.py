"""The receipt PDF a resident gets for a submitted application."""

from atvidaberg.etjanster.receipt.pdf import PROTECTED_ANSWER
from atvidaberg.etjanster.receipt.pdf import Attachment
from atvidaberg.etjanster.receipt.pdf import Receipt
from atvidaberg.etjanster.receipt.pdf import Signature
from atvidaberg.etjanster.receipt.pdf import Step
from atvidaberg.etjanster.receipt.pdf import mask_personal_number
from atvidaberg.etjanster.receipt.pdf import render_receipt

__all__ = [
    "PROTECTED_ANSWER",
    "Attachment",
    "Receipt",
    "Signature",
    "Step",
    "mask_personal_number",
    "render_receipt",
]
