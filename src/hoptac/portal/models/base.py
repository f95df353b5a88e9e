from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse

from hoptac.portal import cache, counter


class CachedPage:
    """Mixin for public pages: whole-page cache, then the visitor counter.

    :class:`hoptac.portal.middleware.PageCacheMiddleware` answers cache hits before
    Wagtail routes the request; this method renders and stores on a miss (and
    serves hits itself when the middleware is not installed).

    ``cache_params`` names the query parameters that change what the page shows;
    other parameters are ignored by the cache key, so junk query strings cannot
    fill the cache.
    """

    cache_params = ()

    def serve(self, request, *args, **kwargs):
        key = cache.page_key(request, self.cache_params) if cache.cacheable(request) else None
        hit = cache.get(key) if key else None
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
        else:
            response = super().serve(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            if key and response.status_code == 200 and not response.has_header("Content-Disposition"):
                cache.put(key, response)
                cache.remember_params(request.path, self.cache_params)
        counter.record(request, response)
        if response.get("Content-Type", "").startswith("text/html"):
            counter.fill_placeholder(request, response)
        return response
