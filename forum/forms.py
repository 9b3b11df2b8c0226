"""Forum input: every field validated with a clear message before a service runs."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from forum.models import POST_MAX_LENGTH, Category
from intrasphere.widgets import MarkdownEditor


class PostForm(forms.Form):
    content = forms.CharField(
        label=_("Message"),
        max_length=POST_MAX_LENGTH,
        widget=MarkdownEditor(attrs={"rows": 8}),
        help_text=_("Markdown is supported. Type @ and a name to mention a colleague."),
        error_messages={"required": _("Write a message.")},
    )


class TopicForm(PostForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the topic a title.")}
    )
    field_order = ["title", "content"]


class TopicEditForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the topic a title.")}
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    reason = forms.CharField(
        label=_("Reason (required to reject)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why it is rejected."))
        return data


class TopicModerateForm(forms.Form):
    """Pin/unpin, lock/unlock: each change and what it sets on the topic."""

    CHANGES = {
        "pin": {"pinned": True},
        "unpin": {"pinned": False},
        "lock": {"locked": True},
        "unlock": {"locked": False},
    }
    change = forms.ChoiceField(
        label=_("Change"),
        choices=[
            ("pin", _("Pin")),
            ("unpin", _("Unpin")),
            ("lock", _("Lock")),
            ("unlock", _("Unlock")),
        ],
    )

    def changes(self) -> dict[str, bool]:
        return self.CHANGES[self.cleaned_data["change"]]


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what is wrong with this post.")},
    )


class ReportHandleForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("remove", _("Remove the post")), ("dismiss", _("Dismiss the report"))]
    )


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(label=_("New category"), queryset=Category.objects.none())

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories if categories is not None else []


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "name",
            "slug",
            "description",
            "colour",
            "icon",
            "active",
            "order",
            "requires_topic_validation",
            "requires_post_validation",
        ]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}


class ModeratorForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    action = forms.ChoiceField(choices=[("add", _("Add")), ("remove", _("Remove"))])

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise ValidationError(_("No active colleague has this username.")) from None
