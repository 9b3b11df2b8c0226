"""The roof: what composes the domains (the dashboard, the global search, the demo and bulk
seeds). It may import every domain; nothing imports it but the root URLconf and the settings
(docs/architecture.md; tests/core/test_import_rules.py keeps the rule)."""
