from django.conf import settings
from django.db import DatabaseError, connection
from django.views import static
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 only when the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def public_media(request, path):
    """A portal image (original or rendition) from the media folder; long-lived."""
    try:
        response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:  # a name too long for the file system, or not a file at all
        raise Http404(path) from None
    response["Cache-Control"] = "public, max-age=86400"
    return response
