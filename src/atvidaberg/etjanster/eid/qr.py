"""BankID's animated QR code: new content every second, so a photo of it soon goes stale.

The content is ``bankid.<qrStartToken>.<qrTime>.<qrAuthCode>``, where qrTime is the
whole number of seconds since the order was started and qrAuthCode is the hex
HMAC-SHA256 of qrTime (as decimal text) under the order's qrStartSecret. The secret
stays on the server; the browser only ever receives the finished code.
"""

import hashlib
import hmac
import io

import segno

PREFIX = "bankid"


def qr_auth_code(qr_start_secret, seconds):
    return hmac.new(
        qr_start_secret.encode("ascii"),
        str(int(seconds)).encode("ascii"),
        hashlib.sha256,
    ).hexdigest()


def qr_data(qr_start_token, qr_start_secret, seconds):
    """The QR content for an order that has run ``seconds`` (floored to whole seconds)."""
    seconds = max(0, int(seconds))
    code = qr_auth_code(qr_start_secret, seconds)
    return f"{PREFIX}.{qr_start_token}.{seconds}.{code}"


def parse_qr_data(data):
    """(qrStartToken, qrTime, qrAuthCode) of a QR content, or None if it is not one."""
    parts = data.split(".") if isinstance(data, str) else []
    if (
        len(parts) != 4
        or parts[0] != PREFIX
        or not (parts[2].isascii() and parts[2].isdigit())
    ):
        return None
    return parts[1], int(parts[2]), parts[3]


def is_valid_qr_data(data, qr_start_token, qr_start_secret):
    """Whether ``data`` was made with this order's token and secret (any qrTime)."""
    parsed = parse_qr_data(data)
    if parsed is None:
        return False
    token, seconds, code = parsed
    return hmac.compare_digest(token, qr_start_token) and hmac.compare_digest(
        code, qr_auth_code(qr_start_secret, seconds)
    )


def qr_svg(data, scale=6, title=None):
    """The QR code as an inline SVG element (no XML declaration), sized by its viewBox.

    The page gives it its accessible name (``title`` here, or ``role``/``aria-label``
    around it): only the page knows the language and the context.
    """
    # micro=False: the BankID app reads standard QR codes only.
    code = segno.make(data, micro=False, error="m")
    return code.svg_inline(scale=scale, border=4, omitsize=True, title=title)


def qr_svg_document(data, scale=6):
    """The QR code as a standalone SVG document, for an <img> or a download."""
    code = segno.make(data, micro=False, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=scale, border=4, light="#fff", xmldecl=False)
    return buffer.getvalue().decode("utf-8")
