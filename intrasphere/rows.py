"""Model instances from hand-written SQL, as the ORM would have built them.

A few per-request reads are one prepared statement, because composing them with the ORM cost
more than running them (bench/RESULTS.md): the topic page, the topic list, a training's pages.
Their statements name columns with `columns()`, and their rows become instances with
`from_row()`, which applies the converters the ORM applies (SQLite's booleans, dates and JSON).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


def columns(model: type[Model], alias: str, fields: Sequence[Field] | None = None) -> str:
    """`alias.column, …` of `fields` (default: the model's concrete fields), quoted."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    fields = model._meta.concrete_fields if fields is None else fields
    return ", ".join(f"{alias}.{quote(field.column)}" for field in fields)


def converted(fields: Sequence[Field], values: Iterable[Any]) -> list[Any]:
    """Raw column values of `fields` as the ORM gives them (the backend's and the fields'
    converters, found once per connection)."""
    db = connections[DEFAULT_DB_ALIAS]
    known = db.__dict__.setdefault("row_converters", {})
    result = []
    for field, value in zip(fields, values, strict=True):
        found = known.get(field)
        if found is None:
            column = field.get_col(field.model._meta.db_table)
            found = known[field] = (
                column,
                (*db.ops.get_db_converters(column), *column.get_db_converters(db)),
            )
        column, converters = found
        for convert in converters:
            value = convert(value, column, db)
        result.append(value)
    return result


def from_row(model: type[M], values: Iterable[Any], fields: Sequence[Field] | None = None) -> M:
    """A `model` instance of the raw `values` of `fields` (default: its concrete fields)."""
    fields = model._meta.concrete_fields if fields is None else fields
    return model.from_db(
        DEFAULT_DB_ALIAS, [field.attname for field in fields], converted(fields, values)
    )
