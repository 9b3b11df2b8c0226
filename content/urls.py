"""URLs of the content domain (prefixes from ARCHITECTURE.md)."""

app_name = "content"

urlpatterns: list = []
