"""People: what happens to each relation to a person (intrasphere.privacy)."""

from django.utils.translation import gettext_noop as _

from intrasphere.privacy import CLEAR, DELETE, KEEP, declare, declare_text, exporter
from intrasphere.retention import purger

declare(
    "accounts.Message",
    "sender",
    export=True,
    on_anonymise=KEEP,
    reason=_("The recipient keeps the conversation; the sender is shown anonymised."),
)
declare(
    "accounts.Message",
    "recipient",
    export=True,
    on_anonymise=KEEP,
    reason=_("The sender keeps the conversation; the recipient is shown anonymised."),
)
declare(
    "accounts.PermissionGrant",
    "user",
    export=True,
    on_anonymise=KEEP,
    reason=_("Record of the rights delegated, kept for accountability."),
)
for field in ("granted_by", "revoked_by"):
    declare(
        "accounts.PermissionGrant",
        field,
        export=False,
        on_anonymise=KEEP,
        reason=_("Record of who delegated a right; the name is anonymised."),
    )
declare(
    "accounts.ApiToken",
    "user",
    export=True,
    on_anonymise=DELETE,
    reason=_("A credential: removed with the account's access."),
    private_fields=("digest",),
)
declare(
    "accounts.User",
    "manager",
    # The people who report to someone are their own records: one's own manager is in the
    # profile export below.
    export=False,
    on_anonymise=CLEAR,
    reason=_("A former employee manages nobody: their reports' manager is emptied."),
)
declare_text("accounts.Message", ("subject", "body"), reason=_("Greetings, signatures, quotes."))
declare_text(
    "accounts.PermissionGrant", ("scope_label",), reason=_("The name of the object of a right.")
)


PROFILE_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "display_name",
    "email",
    "phone",
    "employee_id",
    "department",
    "department_since",
    "category_since",
    "position",
    "role",
    "avatar",
    "email_notifications",
    "date_joined",
    "last_login",
    "is_active",
)


@exporter
def profile(*, user):
    """The person's own profile, groups and global rights."""
    row = {name: getattr(user, name) for name in PROFILE_FIELDS}
    row["avatar"] = user.avatar.name if user.avatar else ""
    row["employee_category"] = str(user.employee_category or "")
    row["manager"] = user.manager.username if user.manager_id else ""
    row["groups"] = list(user.groups.values_list("name", flat=True))
    row["rights"] = sorted(user.get_all_permissions())
    yield "accounts.User.profile", iter([row])


@purger("deactivated people anonymised")
def anonymise_leavers(*, now):
    from accounts.services_privacy import anonymise_due

    return anonymise_due(now=now)


for device_model in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
    declare(
        device_model,
        "user",
        export=False,
        on_anonymise=DELETE,
        reason=_(
            "A second factor's secret or recovery codes: never exported, removed with the person."
        ),
    )
