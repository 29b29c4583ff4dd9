"""The JSON answer to a refused cross-origin write, in the add-on's error shape."""

import json

from Products.Five.browser import BrowserView

from atvidaberg.etjanster.httpsecurity.errors import error_body


class CrossOriginRefusedView(BrowserView):
    """403 ``{"error": {"type": "Forbidden", "code": "cross_origin", "message": …}}``.

    An exception view more specific than plone.rest's, which would name the type by
    its Python class."""

    def __call__(self):
        body = error_body("Forbidden", str(self.context), "cross_origin")
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setStatus(403, lock=1)
        response.setBody(json.dumps(body, ensure_ascii=False), lock=1)
        # No login redirect or basic-auth challenge for this Forbidden.
        response._has_challenged = True
