"""Mina sidor: the resident follows their cases and writes to the case officer."""
