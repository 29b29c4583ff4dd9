"""The case officers' workspace: the queue of their units' cases, and a case to handle."""
