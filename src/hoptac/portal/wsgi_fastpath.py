"""Kept for old process managers: ``hoptac.wsgi:application`` already answers
cached portal pages through :mod:`hoptac.portal.fastpath`."""

from hoptac.wsgi import application  # noqa: F401
