"""Date and time formats of the interface, where they differ from Django's (``FORMAT_MODULE_PATH``).

Only formats the institution's editors need differ; everything else is Django's own
locale data (``django/conf/locale/<language>/formats.py``).
"""
