"""The API's edit of a complaint (the prototype's `PUT /complaints/<id>`) uses the pages' forms:
the handlers' update panel (`complaints.forms.UpdateForm`) and the submitter's correction while
the request is new (`complaints.forms.EditForm`). Fields not sent keep their current values."""

from complaints.forms import UpdateForm


class ComplaintChangeForm(UpdateForm):
    """The update panel without the saved-reply picker (a page convenience)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("saved_reply", None)
