"""The local demo server behind `make start`: a Zope instance under ./instance."""
