"""Addresses of Mina sidor's pages of a case."""

CASE_PAGE = "mitt-arende"
REMOVE_DRAFT = "ta-bort"


def case_page_url(case_url):
    """The resident's page of a sent-in case (``case_url`` from an object or a brain)."""
    return f"{case_url}/@@{CASE_PAGE}"


def remove_url(case_url):
    """Where the resident confirms that a draft is to be deleted."""
    return f"{case_url}/@@{REMOVE_DRAFT}"


def message_file_url(case_url, file_id):
    """A file sent with a message (downloaded through ``services/handling``)."""
    return f"{case_url}/@@message-file/{file_id}"
