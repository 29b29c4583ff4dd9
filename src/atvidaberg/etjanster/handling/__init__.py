"""Case handling: who handles which cases, messages, status, notifications."""

HANDLING_VIEW = "handlaggning"  # the officers' pages: the queue and a case
