from django.http import HttpResponse

from hoptac.portal import cache, counter

SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/documents/", "/healthz", "/i18n/")


class PageCacheMiddleware:
    """Serve cached public pages before URL routing: a hit costs two cache reads.

    Must come after the session, locale and authentication middleware (it reads
    the language and whether the visitor is signed in).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if cache.cacheable(request) and not request.path.startswith(SKIP_PREFIXES) and "format" not in request.GET:
            hit = cache.lookup_request(request)
            if hit is not None:
                content, content_type = hit
                response = HttpResponse(content, content_type=content_type)
                counter.record(request, response)
                counter.fill_placeholder(request, response)
                return response
        return self.get_response(request)
