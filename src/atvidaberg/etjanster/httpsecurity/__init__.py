"""What the portal asks of every HTTP exchange: writes through REST only from its own
origin (or with a token), and the security and caching headers of its answers."""
