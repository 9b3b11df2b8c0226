"""The pages' forms, plus the one field a page takes from its address (the category of a new
topic, the topic of a reply): the API sends it in the body."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.forms import PostForm, TopicForm


class TopicCreateForm(TopicForm):
    category = forms.IntegerField(
        label=_("Category"), min_value=1, error_messages={"required": _("Choose a category.")}
    )
    field_order = ["category", "title", "content"]


class PostCreateForm(PostForm):
    topic = forms.IntegerField(
        label=_("Topic"), min_value=1, error_messages={"required": _("Choose a topic.")}
    )
    field_order = ["topic", "content"]
