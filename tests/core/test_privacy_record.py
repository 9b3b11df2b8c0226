"""`manage.py privacy_record`: the record of processing the DPO reads (docs/privacy.md) is the
apps' declarations and the retention periods in force (issues #27, #28)."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from intrasphere.privacy import CLEAR, DELETE, KEEP, declare, declare_text
from tests.privacy_declarations import declarations  # noqa: F401 (fixture)


def _record() -> str:
    out = io.StringIO()
    call_command("privacy_record", stdout=out)
    return out.getvalue()


def _rows(text: str, first: str) -> list[str]:
    """The lines of the table of `text` that starts with the header `first`."""
    lines = text.split("\n")
    start = lines.index(first)
    end = lines.index("", start)
    return lines[start:end]


def test_the_record_is_the_part_of_docs_privacy_between_its_markers():
    text = (settings.BASE_DIR / "docs" / "privacy.md").read_text()
    start = text.index("<!-- privacy-record:start -->\n") + len("<!-- privacy-record:start -->\n")
    end = text.index("<!-- privacy-record:end -->")
    assert _record() == text[start:end]


def test_the_record_has_three_tables():
    text = _record()
    assert text.endswith(" |\n") and not text.endswith("\n\n")
    assert _rows(text, "| relation to the person | exported | on anonymisation | why |")[:3] == [
        "| relation to the person | exported | on anonymisation | why |",
        "|---|---|---|---|",
        "| `accounts.ApiToken.user` | yes without digest | delete | A credential: removed with the "
        "account's access. |",
    ]
    assert _rows(text, "| text copies of names (rewritten on anonymisation) | why |")[:3] == [
        "| text copies of names (rewritten on anonymisation) | why |",
        "|---|---|",
        "| `accounts.Message`: subject, body | Greetings, signatures, quotes. |",
    ]
    assert _rows(text + "\n", "| setting | default (days; 0 = never) | what |")[:3] == [
        "| setting | default (days; 0 = never) | what |",
        "|---|---|---|",
        "| `PRIVACY_ANONYMISE_AFTER_DAYS` | 90 | deactivated accounts, then anonymised |",
    ]


def test_the_periods_are_the_settings_in_force(settings):
    settings.PRIVACY_ANONYMISE_AFTER_DAYS = 30
    settings.PRIVACY_SENT_MAIL_DAYS = 0
    settings.REPORTING_CLOSED_NO_ACTION_DAYS = 45
    periods = _rows(_record() + "\n", "| setting | default (days; 0 = never) | what |")
    assert periods[2:] == [
        "| `PRIVACY_ANONYMISE_AFTER_DAYS` | 30 | deactivated accounts, then anonymised |",
        f"| `PRIVACY_AUDIT_DAYS` | {settings.PRIVACY_AUDIT_DAYS} | audit entries (with IP "
        "addresses) |",
        f"| `PRIVACY_READ_NOTIFICATION_DAYS` | {settings.PRIVACY_READ_NOTIFICATION_DAYS} | read "
        "notifications |",
        "| `PRIVACY_SENT_MAIL_DAYS` | 0 | sent email |",
        f"| `PRIVACY_TOPIC_VIEW_DAYS` | {settings.PRIVACY_TOPIC_VIEW_DAYS} | forum reading marks |",
        f"| `PRIVACY_ADMIN_LOG_DAYS` | {settings.PRIVACY_ADMIN_LOG_DAYS} | Django admin history |",
        f"| `PRIVACY_CLOSED_REQUEST_DAYS` | {settings.PRIVACY_CLOSED_REQUEST_DAYS} | closed "
        "helpdesk requests (no activity since) |",
        f"| `REPORTING_ACKNOWLEDGE_DAYS` | {settings.REPORTING_ACKNOWLEDGE_DAYS} | reports: "
        "acknowledgement due |",
        f"| `REPORTING_FEEDBACK_DAYS` | {settings.REPORTING_FEEDBACK_DAYS} | reports: feedback "
        "due |",
        "| `REPORTING_CLOSED_NO_ACTION_DAYS` | 45 | reports closed without action, then deleted |",
    ]


def test_an_app_declaration_is_a_row_in_its_place(declarations):  # noqa: F811
    declare(
        "aaa.Zeta",
        "owner",
        export=True,
        on_anonymise=DELETE,
        reason="Test: the owner's rows.",
        private_fields=["secret", "note"],
        only={"visible": True, "kind": "own"},
    )
    declare("aaa.Zeta", "editor", export=False, on_anonymise=CLEAR, reason="Test: an editor.")
    declare("aaa.Alpha", "by", export=True, on_anonymise=KEEP, reason="Test: kept.")
    rules = _rows(_record(), "| relation to the person | exported | on anonymisation | why |")
    assert rules[2:5] == [
        "| `aaa.Alpha.by` | yes | keep | Test: kept. |",
        "| `aaa.Zeta.editor` | no | clear | Test: an editor. |",
        "| `aaa.Zeta.owner` | yes (kind=own, visible=True) without secret, note | delete | "
        "Test: the owner's rows. |",
    ]


def test_a_declaration_replaces_the_earlier_one_of_its_relation(declarations):  # noqa: F811
    declare("accounts.ApiToken", "user", export=False, on_anonymise=KEEP, reason="Test: again.")
    rules = _rows(_record(), "| relation to the person | exported | on anonymisation | why |")
    assert [row for row in rules if row.startswith("| `accounts.ApiToken.user` |")] == [
        "| `accounts.ApiToken.user` | no | keep | Test: again. |"
    ]


def test_an_app_text_copy_is_a_row_in_its_place(declarations):  # noqa: F811
    declare_text("aaa.Notes", ["title", "body"], reason="Test: names in notes.")
    copies = _rows(_record(), "| text copies of names (rewritten on anonymisation) | why |")
    assert copies[2:4] == [
        "| `aaa.Notes`: title, body | Test: names in notes. |",
        "| `accounts.Message`: subject, body | Greetings, signatures, quotes. |",
    ]


def test_an_unknown_action_is_refused_with_the_relation_and_the_actions(declarations):  # noqa: F811
    with pytest.raises(ValueError) as refused:
        declare("aaa.Zeta", "owner", export=True, on_anonymise="shred", reason="r")
    assert str(refused.value) == (
        "aaa.Zeta.owner: on_anonymise must be one of ('keep', 'delete', 'clear')"
    )
    assert ("aaa.zeta", "owner") not in declarations.rules
