"""The PAS plugin that knows residents who logged in with e-legitimation."""
