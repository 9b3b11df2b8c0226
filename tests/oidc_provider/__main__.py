"""Serve the test provider: `python -m tests.oidc_provider` (harness.Provider runs it).

Environment: OP_DIR (its folder: key.pem, people.json, the SQLite file), OP_CLIENT_ID,
OP_CLIENT_SECRET, OP_REDIRECT_URIS (space-separated). Prints `READY <port>` once it listens.
"""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


def main() -> None:
    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from oauth2_provider.models import Application

    Application.objects.update_or_create(
        client_id=os.environ["OP_CLIENT_ID"],
        defaults={
            "name": "portal",
            "client_secret": os.environ["OP_CLIENT_SECRET"],
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": os.environ["OP_REDIRECT_URIS"],
            "post_logout_redirect_uris": os.environ.get("OP_LOGOUT_URIS", ""),
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )
    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=_Server, handler_class=_QuietHandler
    )
    print(f"READY {server.server_port}", flush=True)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
