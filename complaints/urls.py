"""URLs of the complaints domain, mounted under /complaints/."""

app_name = "complaints"

urlpatterns: list = []
