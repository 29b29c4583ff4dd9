"""Outgoing e-mail through a persistent, retried queue (delivery to the municipality).

`queue.enqueue` stores a job; `runner` sends it after commit and retries with back-off;
`sink` is the local SMTP sink of `make start`; `views` is the administrators' list.
"""
