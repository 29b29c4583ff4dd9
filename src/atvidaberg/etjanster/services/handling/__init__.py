"""The download page of message files (``download.py``), which is a browser page, not
a service; the services of case handling have a folder each in ``services/``."""
