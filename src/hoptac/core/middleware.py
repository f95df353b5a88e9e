"""Request guards shared by every part of the site."""

from django.conf import settings


class BackOfficePolicyMiddleware:
    """The back office's Content-Security-Policy (``BACK_OFFICE_CONTENT_SECURITY_POLICY``).

    Sits just after Django's ContentSecurityPolicyMiddleware, which then sends the
    policy this sets on ``/admin/`` answers instead of ``SECURE_CSP``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            policy = settings.BACK_OFFICE_CONTENT_SECURITY_POLICY
            if settings.SECURE_CSP:
                response._csp_config = policy
            if settings.SECURE_CSP_REPORT_ONLY:
                response._csp_ro_config = policy
        return response
