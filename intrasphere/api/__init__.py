"""The REST API's shared plumbing (floor): error shape, pagination, limits, token scopes.

Each domain exposes its own endpoints in `<app>/api/` with Django REST Framework, calling the
same services, selectors and permission predicates as its pages; `intrasphere/urls.py` mounts
them under `/api/v1/`. Nothing here imports a domain.
"""
