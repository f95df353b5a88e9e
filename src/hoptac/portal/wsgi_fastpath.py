"""hoptac's WSGI application with the portal's cache fast path in front
(``granian hoptac.portal.wsgi_fastpath:application``); see :mod:`hoptac.portal.fastpath`."""

from hoptac.portal.fastpath import wrap
from hoptac.wsgi import application as django_application

application = wrap(django_application)
