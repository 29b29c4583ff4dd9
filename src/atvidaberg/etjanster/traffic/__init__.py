"""Who is asking, and how often: client addresses behind proxies, rate limits.

``address`` and ``ratelimit`` know nothing of Plone (reusable, tested alone);
``request`` applies them to a Zope request with the portal's settings.
"""
