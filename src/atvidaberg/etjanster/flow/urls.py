"""Addresses of the resident's pages, in one place."""

from urllib.parse import quote


def step_url(case, step_id=None):
    base = f"{case.absolute_url()}/@@steg"
    return base if step_id is None else f"{base}/{quote(step_id, safe='')}"


def review_url(case):
    return f"{case.absolute_url()}/@@granska"


def confirmation_url(case):
    return f"{case.absolute_url()}/@@bekraftelse"


def saved_url(case, step_id):
    return f"{case.absolute_url()}/@@sparat?steg={quote(step_id, safe='')}"


def sign_url(case):
    return f"{case.absolute_url()}/@@signera"


def receipt_url(case):
    return f"{case.absolute_url()}/@@receipt"
