"""The resident's pages for doing an e-service: plain HTML forms, no JavaScript needed.

``<e-service>/@@start`` (in ``browser``) starts a draft; then ``<case>/@@steg/<step>``
shows one step of the form, ``<case>/@@granska`` the whole application before it is
sent in, and ``<case>/@@bekraftelse`` the confirmation. The case's own address leads
its owner to where they are in that flow (``@@case-view``).
"""
