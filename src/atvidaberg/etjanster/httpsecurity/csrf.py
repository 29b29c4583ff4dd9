"""The one way to let a request write without plone.protect's form token.

plone.protect refuses every write by a request that does not carry the
``_authenticator`` of a form. Two kinds of request write without one, on purpose:

- every unsafe REST request, once its origin has been checked
  (``httpsecurity.origin.check_rest_write``): a JSON client has no form token, so
  the services themselves never call this;
- a page or service whose GET writes (marking messages read), or a POST that no form
  sends (a cron job with basic auth). Each such call site says why, in a comment.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides
from zope.publisher.interfaces.browser import IBrowserRequest


def write_without_form_token(request: IBrowserRequest) -> None:
    """Let ``request`` write without plone.protect's token (see the module's docstring:
    the reason belongs at the call site)."""
    alsoProvides(request, IDisableCSRFProtection)
