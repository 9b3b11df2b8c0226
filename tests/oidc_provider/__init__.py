"""A small, real OpenID Connect provider for the company sign-in tests (django-oauth-toolkit).

Its own Django project, served by `python -m tests.oidc_provider` on a loopback port in a
process of its own (`harness.Provider` starts and stops it); the portal's client code talks to
it over HTTP like it would to Entra ID or Keycloak. People and their claims are read from a
JSON file the tests write (`Provider.people`), so a test can change someone's department
between two sign-ins.
"""
