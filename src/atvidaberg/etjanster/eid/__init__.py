"""E-legitimation: relying-party clients for BankID and Freja eID+, and the person register.

Nothing in this subpackage knows Plone: the clients speak the real protocols over
httpx and are configured with plain values, so they are tested against the local
simulators (``atvidaberg.etjanster.simulators``) as real servers.
"""
