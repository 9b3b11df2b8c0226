"""The content domain through the REST API (announcements, documents, events, pages)."""
