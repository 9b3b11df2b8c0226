"""Cross-cutting request handling, one module per concern (each a rule module of its own for
`make mutants`, tests/mutation/modules.py):

- `request_log`: the request id (`X-Request-ID`) and one log line per request;
  `identity_not_logged` for pages where someone may report anonymously;
- `probes`: /healthz and /readyz answered before host checks, HTTPS redirects and limits;
- `query_string`: NUL characters dropped from query-string parameters;
- `cache_control`: `Cache-Control: private` on signed-in answers, `no-store` on downloads;
- `post_limit`: the general limit on unsafe requests per client.

Sign-in is required by default by Django's own `LoginRequiredMiddleware` (MIDDLEWARE); the
REST API answers an anonymous call itself with a 401 (DRF marks its views
`login_not_required`). The names below stay importable from `intrasphere.middleware`;
MIDDLEWARE names the modules.
"""

from intrasphere.middleware.cache_control import PrivateCacheMiddleware, is_download
from intrasphere.middleware.post_limit import PostRateLimitMiddleware
from intrasphere.middleware.probes import HealthCheckMiddleware
from intrasphere.middleware.query_string import NullCharacterMiddleware
from intrasphere.middleware.request_log import RequestIdMiddleware, identity_not_logged

__all__ = [
    "HealthCheckMiddleware",
    "NullCharacterMiddleware",
    "PostRateLimitMiddleware",
    "PrivateCacheMiddleware",
    "RequestIdMiddleware",
    "identity_not_logged",
    "is_download",
]
