"""The API validates input with the pages' own Django forms, so no rule is written twice.

`bound_form` binds a form to a JSON or multipart body (for PATCH, the fields not sent keep
their current values) and raises a DRF `ValidationError` shaped like every other 400 when the
form refuses it. Values of the wrong JSON type (an object or a list where a single value is
expected) are refused before the form sees them. `form_serializer` describes the same fields
to the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

F = TypeVar("F", bound=forms.BaseForm)
MULTIPLE = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
SCALARS = (str, int, float, bool, type(None))


def _current_values(form: forms.BaseForm) -> dict[str, Any]:
    """What an unbound form shows for each field: the instance's values, as a page would post."""
    values = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        value = form[name].value()
        if isinstance(field, forms.ModelChoiceField) and hasattr(value, "pk"):
            value = value.pk
        if isinstance(field, MULTIPLE) and value is not None:
            value = [getattr(item, "pk", item) for item in value]
        values[name] = value
    return values


def _type_errors(form: forms.BaseForm, data: Any) -> dict[str, list[str]]:
    errors = {}
    for name, field in form.fields.items():
        if name not in data or isinstance(field, forms.FileField):
            continue
        value = data[name]
        if isinstance(field, MULTIPLE):
            ok = isinstance(value, list) and all(isinstance(item, SCALARS) for item in value)
        elif isinstance(value, bool):  # true/false only where the form has a check box
            ok = isinstance(field, forms.BooleanField | forms.NullBooleanField)
        else:
            ok = isinstance(value, SCALARS)
        if not ok:
            errors[name] = [_("Wrong type of value.")]
    return errors


def _as_posted(value: Any) -> Any:
    """A JSON number as a form would post it (a string): some fields (dates) parse only text."""
    if isinstance(value, list):
        return [_as_posted(item) for item in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def bound_form(form_class: type[F], request, *, partial: bool = False, **kwargs: Any) -> F:
    """The form bound to the request's body and validated; a 400 if it refuses the input."""
    data = request.data
    if not hasattr(data, "keys"):
        raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    if hasattr(data, "getlist"):  # multipart or form-encoded: one value per key, or lists
        data = {
            key: (data.getlist(key) if len(data.getlist(key)) > 1 else data.get(key))
            for key in data
        }
    form = form_class(**kwargs)
    type_errors = _type_errors(form, data)
    if type_errors:
        raise ValidationError(type_errors)
    data = {key: _as_posted(value) for key, value in data.items()}
    values = {**_current_values(form), **data} if partial else dict(data)
    values = {key: value for key, value in values.items() if value is not None or not partial}
    form = form_class(data=values, files=request.FILES or None, **kwargs)
    if not form.is_valid():
        raise ValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
                for field, messages in form.errors.items()
            }
        )
    return form


_FIELD_TYPES: list[tuple[type, type]] = [
    (forms.BooleanField, serializers.BooleanField),
    (forms.IntegerField, serializers.IntegerField),
    (forms.DecimalField, serializers.DecimalField),
    (forms.FloatField, serializers.FloatField),
    (forms.DateTimeField, serializers.DateTimeField),
    (forms.DateField, serializers.DateField),
    (forms.EmailField, serializers.EmailField),
    (forms.URLField, serializers.URLField),
    (forms.FileField, serializers.FileField),
    (forms.ModelMultipleChoiceField, serializers.ListField),
    (forms.MultipleChoiceField, serializers.ListField),
    (forms.ModelChoiceField, serializers.IntegerField),
    (forms.TypedChoiceField, serializers.ChoiceField),
    (forms.ChoiceField, serializers.ChoiceField),
]


def _serializer_field(field: forms.Field) -> serializers.Field:
    common = {"required": field.required, "help_text": str(field.help_text or "") or None}
    for form_type, serializer_type in _FIELD_TYPES:
        if isinstance(field, form_type):
            if serializer_type is serializers.ChoiceField:
                choices = [key for key, _label in field.choices if key not in ("", None)]
                if not choices:  # filled per request (from the database): any string
                    return serializers.CharField(**common)
                return serializers.ChoiceField(choices=choices, **common)
            if serializer_type is serializers.DecimalField:
                return serializers.DecimalField(
                    max_digits=field.max_digits or 20, decimal_places=field.decimal_places or 2
                )
            if serializer_type is serializers.ListField:
                return serializers.ListField(child=serializers.CharField(), **common)
            return serializer_type(**common)
    return serializers.CharField(
        max_length=getattr(field, "max_length", None), allow_blank=not field.required, **common
    )


_SERIALIZERS: dict[str, type] = {}


def form_serializer(form_class: type[forms.BaseForm], name: str, **kwargs: Any) -> type:
    """A serializer with the form's fields, for the schema only (validation is the form's).

    One class per name, however many views describe their input with it."""
    if name not in _SERIALIZERS:
        form = form_class(**kwargs)
        fields = {field_name: _serializer_field(field) for field_name, field in form.fields.items()}
        _SERIALIZERS[name] = type(name, (serializers.Serializer,), fields)
    return _SERIALIZERS[name]
