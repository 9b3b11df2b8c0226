"""Model instances from hand-written SQL, as the ORM would have built them.

A few per-request reads are one prepared statement, because composing them with the ORM cost
more than running them (bench/RESULTS.md): the dashboard, the topic page and list, the
announcement list, the training catalog and a training's pages. Their statements name columns
with `columns()`, and their rows become instances with `from_rows()` / `from_row()`, which apply
the converters the ORM applies (SQLite's booleans, dates and JSON). On PostgreSQL they run
through `prepared_cursor()`: planned once per connection, not at each view.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Field, Model
from django.db.models.base import ModelState
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

M = TypeVar("M", bound=Model)


def columns(model: type[Model], alias: str, fields: Sequence[Field] | None = None) -> str:
    """`alias.column, …` of `fields` (default: the model's concrete fields), quoted."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    fields = model._meta.concrete_fields if fields is None else fields
    return ", ".join(f"{alias}.{quote(field.column)}" for field in fields)


def _converters(db: Any, fields: Sequence[Field]) -> list[tuple[Any, tuple]]:
    """Each field's column and the converters the ORM applies to it (the backend's and the
    field's), found once per connection and kept by the field's identity (a field's own hash
    cost ~1 µs, more than converting)."""
    known = db.__dict__.setdefault("row_converters", {})
    plan = []
    for field in fields:
        found = known.get(id(field))
        if found is None or found[0] is not field:
            column = field.get_col(field.model._meta.db_table)
            found = known[id(field)] = (
                field,
                column,
                (*db.ops.get_db_converters(column), *column.get_db_converters(db)),
            )
        plan.append(found[1:])
    return plan


def _convert(plan: list[tuple[Any, tuple]], db: Any, values: Iterable[Any]) -> list[Any]:
    result = []
    for (column, converters), value in zip(plan, values, strict=True):
        for convert in converters:
            value = convert(value, column, db)
        result.append(value)
    return result


def converted(fields: Sequence[Field], values: Iterable[Any]) -> list[Any]:
    """Raw column values of `fields` as the ORM gives them."""
    db = connections[DEFAULT_DB_ALIAS]
    return _convert(_converters(db, fields), db, values)


def from_rows(
    model: type[M], rows: Iterable[Iterable[Any]], fields: Sequence[Field] | None = None
) -> list[M]:
    """A `model` instance of each row of raw values of `fields` (default: its concrete fields),
    as `Model.from_db` builds it: directly when nothing could tell the difference (`_plain`),
    which costs a third of going through `__init__`; what every row needs is found once."""
    fields = model._meta.concrete_fields if fields is None else fields
    db = connections[DEFAULT_DB_ALIAS]
    plan = _converters(db, fields)
    attnames = [field.attname for field in fields]
    plain, converting = _plain(model), any(converters for _column, converters in plan)
    built = []
    for values in rows:
        values = _convert(plan, db, values) if converting else values
        if not plain:
            built.append(model.from_db(DEFAULT_DB_ALIAS, attnames, list(values)))
            continue
        instance = model.__new__(model)
        instance._state = state = ModelState()
        state.adding, state.db = False, DEFAULT_DB_ALIAS
        instance.__dict__.update(zip(attnames, values, strict=True))
        built.append(instance)
    return built


def from_row(model: type[M], values: Iterable[Any], fields: Sequence[Field] | None = None) -> M:
    """`from_rows` of one row."""
    return from_rows(model, [values], fields)[0]


@functools.cache
def _plain_model(model: type[Model]) -> bool:
    """Whether `Model.__init__` would only store the values: neither it nor `from_db` is the
    model's own, and every field's attribute is Django's (no property of our own to set)."""
    return (
        model.__init__ is Model.__init__
        and model.from_db.__func__ is Model.from_db.__func__
        and all(
            isinstance(getattr(model, field.attname, None), DeferredAttribute)
            for field in model._meta.concrete_fields
        )
    )


def _plain(model: type[Model]) -> bool:
    """`_plain_model`, and no receiver of `pre_init` or `post_init` for it (an image field's
    dimensions, say) at this moment: they run only through `__init__`."""
    return (
        _plain_model(model)
        and not pre_init.has_listeners(model)
        and not post_init.has_listeners(model)
    )


def placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def _arrays() -> bool:
    """Whether a list is one parameter (PostgreSQL's arrays): the statement then has the same
    text whatever the number of ids, so it is prepared once (`prepared_cursor`)."""
    return connection.vendor == "postgresql"


def among(column: str, count: int) -> str:
    """`column` is one of `count` ids: their parameters are `ids_param(ids)`."""
    return f"{column} = ANY(%s)" if _arrays() else f"{column} IN ({placeholders(count)})"


def ids_param(ids: list[int]) -> list[Any]:
    return [ids] if _arrays() else ids


@functools.cache
def _prepared_cursor_class() -> type:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):
        """Django's server-binding cursor (its timezone and type handling), each statement
        prepared (psycopg keeps them per connection)."""

        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            return super().execute(query, params, **{**kwargs, "prepare": True})

        def _convert_query(self, query: Any, params: Any = None) -> Any:
            # psycopg keeps the statement only when it is not prepared; Django's query log
            # (connection.queries, the query-count tests) reads it from there.
            self._query = converted = super()._convert_query(query, params)
            return converted

    return PreparedCursor


def prepared_cursor() -> Any:
    """A cursor whose statements PostgreSQL plans once per connection (a prepared statement):
    planning the dashboard's personal statement took ~0.45 ms of the database's CPU at each
    view, more than running it (~0.25 ms). Through Django's wrappers as any cursor (queries
    counted and logged); elsewhere, or with DATABASE_PREPARED_STATEMENTS off, the usual cursor.
    """
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's default: psycopg would prepare nothing
        # Only server-binding cursors prepare, and Django's own cursors bind on the client: a
        # threshold never reached keeps every other statement as it was.
        raw.prepare_threshold = 2**31
    cursor = _prepared_cursor_class()(raw)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)
