"""Logging residents in with e-legitimation: settings, transactions, REST and pages."""
