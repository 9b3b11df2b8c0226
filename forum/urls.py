"""URLs of the forum domain, mounted under /forum/."""

app_name = "forum"

urlpatterns: list = []
