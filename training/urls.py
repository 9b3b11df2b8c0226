"""URLs of the training domain (prefixes from ARCHITECTURE.md)."""

app_name = "training"

urlpatterns: list = []
