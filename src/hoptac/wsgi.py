"""The WSGI application `hoptac serve` runs.

Cached public portal pages are answered by :mod:`hoptac.portal.fastpath`
before Django; everything else goes through Django as usual. Both log and
count their answers (:mod:`hoptac.ops.wsgi`).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")

from hoptac.ops.wsgi import observe  # noqa: E402
from hoptac.portal import fastpath  # noqa: E402  (needs the settings module set)

application = fastpath.wrap(observe(get_wsgi_application()))
