"""The declared personal-data policy covers every relation to the user (issue #27)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from intrasphere import privacy


def test_every_relation_to_the_user_is_declared():
    missing = privacy.undeclared()
    assert missing == [], (
        "Relations to the user without a personal-data rule; declare them in "
        f"<app>/personal_data.py (export, on_anonymise, reason): {missing}"
    )


def test_every_rule_names_a_real_relation_with_a_reason():
    relations = {(f.model._meta.label_lower, f.name) for f in privacy.user_relations()}
    for key, rule in privacy.discover().rules.items():
        assert key in relations, f"{rule.model}.{rule.field} is not a relation to the user"
        assert rule.reason.strip(), f"{rule.model}.{rule.field} has no reason"


def test_a_new_undeclared_relation_turns_the_check_red():
    """A model with a ForeignKey to the user and no rule is reported."""

    class Undeclared(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

        class Meta:
            app_label = "intrasphere"

    try:
        assert "intrasphere.Undeclared.owner" in privacy.undeclared()
    finally:
        del apps.all_models["intrasphere"]["undeclared"]
        apps.clear_cache()
    assert "intrasphere.Undeclared.owner" not in privacy.undeclared()


def test_a_rule_with_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        privacy.declare("x.Y", "user", export=True, on_anonymise="shred", reason="r")


def test_protected_relations_are_kept():
    """A PROTECT relation can only be kept: deleting its rows would lose the company's record."""
    for f in privacy.user_relations():
        if getattr(f.remote_field, "on_delete", None) is models.PROTECT:
            rule = privacy.discover().rules[(f.model._meta.label_lower, f.name)]
            assert rule.on_anonymise == privacy.KEEP, rule


def test_docs_privacy_is_the_declared_policy():
    """docs/privacy.md shows exactly the declarations (regenerate with
    `manage.py privacy_record`)."""
    text = (settings.BASE_DIR / "docs" / "privacy.md").read_text()
    start = text.index("<!-- privacy-record:start -->\n") + len("<!-- privacy-record:start -->\n")
    end = text.index("<!-- privacy-record:end -->")
    assert text[start:end] == privacy.record_markdown()
