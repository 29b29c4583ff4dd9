"""Local simulators of BankID's RP API, Freja eID+ and SPAR, as real servers.

They speak the real protocols over TLS with client certificates (mTLS), so the portal's
clients are tested, and demonstrated by `make start`, exactly as they run against the
real services. A plain-HTTP control server plays the user's app (``/sim/...``).
"""
