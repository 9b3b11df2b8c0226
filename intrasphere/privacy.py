"""The personal-data policy: what happens to every relation to a person and every text copy.

Each app declares its rules in `<app>/personal_data.py` (found by `discover()`, like the
admin's `admin.py`); the floor declares its own models and third-party ones in
`intrasphere/personal_data.py`. The floor imports no domain: domains register here.

A rule says, for one foreign key (or many-to-many) to the user model:
- `export`: whether the rows belong in the person's own export (Art. 15/20);
- `on_anonymise`: `KEEP` (the row stays, attached to the anonymised person: the company's
  records), `DELETE` (the row is removed), or `CLEAR` (the link is set to null);
- `reason`: why, in words for the record of processing (docs/privacy.md).

`tests/core/test_privacy_policy.py` fails for any relation to the user without a rule.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Left, Replace

KEEP = "keep"
DELETE = "delete"
CLEAR = "clear"
ACTIONS = (KEEP, DELETE, CLEAR)

# Shorter strings are not searched for in text columns: "ann.b" is too likely elsewhere.
MIN_NEEDLE_LENGTH = 4


@dataclass(frozen=True)
class Rule:
    model: str  # "app_label.ModelName"
    field: str
    export: bool
    on_anonymise: str
    reason: str
    # Fields left out of the person's export (another person's private data, internal notes).
    private_fields: tuple[str, ...] = ()
    # A filter on the exported rows (e.g. `{"internal": False}`: no internal notes).
    only: tuple[tuple[str, Any], ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.model.lower(), self.field)


@dataclass(frozen=True)
class TextCopy:
    """Text columns that may hold a person's name, username or email (rewritten)."""

    model: str
    fields: tuple[str, ...]
    reason: str


@dataclass
class Registry:
    rules: dict[tuple[str, str], Rule] = field(default_factory=dict)
    text_copies: list[TextCopy] = field(default_factory=list)
    anonymisers: list[Callable[..., None]] = field(default_factory=list)
    exporters: list[Callable[..., Iterator[tuple[str, Iterator[dict]]]]] = field(
        default_factory=list
    )
    discovered: bool = False


registry = Registry()


def declare(
    model: str,
    field_name: str,
    *,
    export: bool,
    on_anonymise: str,
    reason: str,
    private_fields: tuple[str, ...] = (),
    only: dict[str, Any] | None = None,
) -> None:
    """Declare what happens to the relation `model.field_name` to the user."""
    if on_anonymise not in ACTIONS:
        raise ValueError(f"{model}.{field_name}: on_anonymise must be one of {ACTIONS}")
    rule = Rule(
        model,
        field_name,
        export,
        on_anonymise,
        reason,
        tuple(private_fields),
        tuple(sorted((only or {}).items())),
    )
    registry.rules[rule.key] = rule


def declare_text(model: str, fields: tuple[str, ...], *, reason: str) -> None:
    registry.text_copies.append(TextCopy(model, tuple(fields), reason))


def anonymiser(function: Callable[..., None]) -> Callable[..., None]:
    """Register `function(*, user, old, placeholder)`: an app's own work on anonymisation."""
    registry.anonymisers.append(function)
    return function


def exporter(function: Callable[..., Any]) -> Callable[..., Any]:
    """Register `function(*, user)` yielding `(section, rows)`: extra export sections."""
    registry.exporters.append(function)
    return function


def discover() -> Registry:
    """Import every installed app's `personal_data` module once."""
    if not registry.discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("personal_data")
        registry.discovered = True
    return registry


def user_relations() -> list[models.Field]:
    """Every concrete relation to the user model, of every installed model."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models(include_auto_created=False):
        for f in model._meta.get_fields(include_hidden=True):
            direct = f.is_relation and not f.auto_created and f.related_model is user_model
            if direct and (f.concrete or f.many_to_many):
                found.append(f)
    return found


def undeclared() -> list[str]:
    """`app.model.field` of every relation to the user without a rule."""
    rules = discover().rules
    return sorted(
        f"{f.model._meta.label}.{f.name}"
        for f in user_relations()
        if (f.model._meta.label_lower, f.name) not in rules
    )


# --- Anonymisation --------------------------------------------------------------------------


def distinctive(text: str) -> bool:
    """Whether `text` can be searched for inside prose without hitting other words: at least
    MIN_NEEDLE_LENGTH characters and not one plain word ("pierre.dubois", "Pierre Dubois", an
    email, a phone number do; "admin" or "Marie" would rewrite "administrator" or another Marie)."""
    return len(text) >= MIN_NEEDLE_LENGTH and not text.isalpha()


def needles(strings: list[str]) -> list[str]:
    """The strings to remove from text: each distinctive form, longest first (an email holds
    the username)."""
    found: set[str] = set()
    for text in strings:
        text = (text or "").strip()
        for form in (text, text.lower()):
            if distinctive(form):
                found.add(form)
    return sorted(found, key=lambda s: (-len(s), s))


# Framework tables whose text is code, not prose: never rewritten.
NOT_PROSE = frozenset({"contenttypes", "auth", "sessions"})


def text_columns() -> Iterator[tuple[type[models.Model], models.Field]]:
    """Every free-text column of every concrete model (choices, unique and hidden ones left out:
    their values are codes, identifiers or encoded data, not prose)."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField):
                continue
            if f.choices or f.unique or f.primary_key:
                continue
            if model._meta.app_label in NOT_PROSE:
                continue
            yield model, f


def rewrite_text(replacements: list[tuple[str, str]]) -> int:
    """Replace each old string by its new one in every text column; rows changed."""
    if not replacements:
        return 0
    changed = 0
    for model, f in text_columns():
        condition = Q()
        expression: Any = models.F(f.attname)
        for old, new in replacements:
            condition |= Q(**{f"{f.attname}__contains": old})
            expression = Replace(expression, Value(old), Value(new))
        if isinstance(f, models.CharField) and f.max_length:
            # A placeholder longer than the name must not overflow the column (PostgreSQL).
            expression = Left(expression, f.max_length)
        changed += model._base_manager.filter(condition).update(**{f.attname: expression})
    return changed


def apply_rules(*, user: models.Model) -> dict[str, int]:
    """Delete or clear the rows the rules say; counts per `model.field`."""
    counts: dict[str, int] = {}
    for rule in discover().rules.values():
        if rule.on_anonymise == KEEP:
            continue
        model = apps.get_model(rule.model)
        rows = model._base_manager.filter(**{rule.field: user})
        if rule.on_anonymise == DELETE:
            f = model._meta.get_field(rule.field)
            if f.many_to_many:
                counts[f"{rule.model}.{rule.field}"] = getattr(user, _m2m_accessor(f)).count()
                getattr(user, _m2m_accessor(f)).clear()
                continue
            counts[f"{rule.model}.{rule.field}"] = rows.delete()[0]
        else:
            counts[f"{rule.model}.{rule.field}"] = rows.update(**{rule.field: None})
    return counts


def _m2m_accessor(f: models.Field) -> str:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if f.model is user_model:
        return f.name
    return f.remote_field.get_accessor_name()


def impact(*, user: models.Model) -> list[tuple[Rule, int]]:
    """What anonymising `user` will do: each rule with the number of rows it touches."""
    out = []
    for rule in sorted(discover().rules.values(), key=lambda r: r.key):
        model = apps.get_model(rule.model)
        f = model._meta.get_field(rule.field)
        if f.many_to_many:
            count = getattr(user, _m2m_accessor(f)).count()
        else:
            count = model._base_manager.filter(**{rule.field: user}).count()
        if count:
            out.append((rule, count))
    return out


# --- Export ---------------------------------------------------------------------------------


def _row(obj: models.Model, private: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": obj.pk}
    for f in obj._meta.concrete_fields:
        if f.name in private or f.primary_key:
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, models.FileField):
            value = value.name if value else ""
        data[f.name] = value
    return data


def export_sections(*, user: models.Model) -> Iterator[tuple[str, Iterator[dict]]]:
    """`(section, rows)` for every exported rule, then each app's extra sections; rows are
    read in chunks (bounded memory)."""
    for rule in sorted(discover().rules.values(), key=lambda r: r.key):
        if not rule.export:
            continue
        model = apps.get_model(rule.model)
        f = model._meta.get_field(rule.field)
        if f.many_to_many:
            related = getattr(user, _m2m_accessor(f)).all().order_by("pk")
            yield (
                f"{rule.model}.{rule.field}",
                ({"id": obj.pk, "name": str(obj)} for obj in related.iterator(chunk_size=500)),
            )
            continue
        rows = model._base_manager.filter(**{rule.field: user}, **dict(rule.only))
        rows = rows.order_by("pk")
        yield (
            f"{rule.model}.{rule.field}",
            (_row(obj, rule.private_fields) for obj in rows.iterator(chunk_size=500)),
        )
    for function in registry.exporters:
        yield from function(user=user)


def _files(row: dict[str, Any], model: type[models.Model]) -> Iterator[models.FieldFile]:
    for f in model._meta.concrete_fields:
        if isinstance(f, models.FileField) and row.get(f.name):
            yield f.storage, row[f.name]


def write_export(*, user: models.Model, target: Any, index_text: str = "") -> dict[str, int]:
    """Write the person's zip to the file object `target`: `data.json` (streamed section by
    section, row by row), their files under `files/`, and `README.txt`. Counts per section."""
    counts: dict[str, int] = {}
    files: list[tuple[Any, str]] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("data.json", "w", force_zip64=True) as out:
            out.write(b"{")
            first_section = True
            for section, rows in export_sections(user=user):
                out.write((b"" if first_section else b",") + b"\n" + _json(section) + b": [")
                first_section = False
                model = _section_model(section)
                count = 0
                for row in rows:
                    out.write((b"," if count else b"") + b"\n  " + _json(row))
                    count += 1
                    if model is not None:
                        files.extend(_files(row, model))
                out.write(b"]")
                counts[section] = count
            out.write(b"\n}\n")
        for storage, name in files:
            if storage.exists(name):
                with storage.open(name, "rb") as source, archive.open(f"files/{name}", "w") as out:
                    for chunk in iter(lambda s=source: s.read(64 * 1024), b""):
                        out.write(chunk)
        summary = "\n".join(f"{section}: {count}" for section, count in counts.items())
        archive.writestr("README.txt", f"{index_text}\n\n{summary}\n")
    return counts


def _json(value: Any) -> bytes:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def _section_model(section: str) -> type[models.Model] | None:
    label = section.rsplit(".", 1)[0]
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


# --- The record of processing (docs/privacy.md) ---------------------------------------------

RETENTION_SETTINGS = (
    ("PRIVACY_ANONYMISE_AFTER_DAYS", "deactivated accounts, then anonymised"),
    ("PRIVACY_AUDIT_DAYS", "audit entries (with IP addresses)"),
    ("PRIVACY_READ_NOTIFICATION_DAYS", "read notifications"),
    ("PRIVACY_SENT_MAIL_DAYS", "sent email"),
    ("PRIVACY_TOPIC_VIEW_DAYS", "forum reading marks"),
    ("PRIVACY_ADMIN_LOG_DAYS", "Django admin history"),
    ("PRIVACY_CLOSED_REQUEST_DAYS", "closed helpdesk requests (no activity since)"),
    ("REPORTING_ACKNOWLEDGE_DAYS", "reports: acknowledgement due"),
    ("REPORTING_FEEDBACK_DAYS", "reports: feedback due"),
    ("REPORTING_CLOSED_NO_ACTION_DAYS", "reports closed without action, then deleted"),
)


def record_markdown() -> str:
    """The generated part of docs/privacy.md: every rule, text copy and period (default
    values), so the record cannot drift from the code (tests/core/test_privacy_policy.py)."""
    rules = sorted(discover().rules.values(), key=lambda r: (r.model, r.field))
    lines = [
        "| relation to the person | exported | on anonymisation | why |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        exported = "yes" if rule.export else "no"
        if rule.only:
            exported += " (" + ", ".join(f"{k}={v}" for k, v in rule.only) + ")"
        if rule.private_fields:
            exported += " without " + ", ".join(rule.private_fields)
        lines.append(
            f"| `{rule.model}.{rule.field}` | {exported} | {rule.on_anonymise} | {rule.reason} |"
        )
    lines += ["", "| text copies of names (rewritten on anonymisation) | why |", "|---|---|"]
    for copy in sorted(registry.text_copies, key=lambda c: c.model):
        lines.append(f"| `{copy.model}`: {', '.join(copy.fields)} | {copy.reason} |")
    lines += ["", "| setting | default (days; 0 = never) | what |", "|---|---|---|"]
    for name, what in RETENTION_SETTINGS:
        lines.append(f"| `{name}` | {getattr(settings, name)} | {what} |")
    return "\n".join(lines) + "\n"
