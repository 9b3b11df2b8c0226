"""The load balancer's probes, answered before anything else can refuse them."""

HEALTH_PATHS = ("/healthz", "/readyz")


class HealthCheckMiddleware:
    """Answer /healthz and /readyz before host checks, HTTPS redirects, sessions and limits.

    Load balancers probe by IP over plain HTTP; those probes must not get a 400 or a 301.
    The views stay in the URLconf (intrasphere.health) for reverse() and the matrix.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in HEALTH_PATHS:
            from intrasphere import health

            view = health.healthz if request.path == "/healthz" else health.readyz
            return view(request)
        return self.get_response(request)
