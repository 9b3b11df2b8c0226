from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People")

    def ready(self) -> None:
        from intrasphere import caching

        self._register_manage_links()

        caching.register_values(
            {
                "departments": ("accounts.User",),  # the directory's filter
                "people_count": ("accounts.User",),  # its row count without a query
                "search_people": ("accounts.User",),
            }
        )
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from django_auth_ldap.backend import ldap_error

        import accounts.api.schema  # noqa: F401  (registers the API's auth schemes)
        from accounts.directory import DirectoryBackend, on_ldap_error

        ldap_error.connect(on_ldap_error, sender=DirectoryBackend, dispatch_uid="directory-error")
        from accounts.backends import rights_changed
        from accounts.models import PermissionGrant, User

        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(rights_changed, sender=through, dispatch_uid=f"rights-{through}")
        from django.apps import apps
        from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

        # Guardian's rows (its generic tables and each domain's direct ones) are object rights.
        object_rights = [
            model
            for model in apps.get_models()
            if issubclass(model, UserObjectPermissionBase | GroupObjectPermissionBase)
        ]
        for model in (PermissionGrant, Group, Permission, *object_rights):
            for signal in (post_save, post_delete):
                signal.connect(rights_changed, sender=model, dispatch_uid=f"rights-{model}")

        from accounts.selectors import team_changed

        for signal in (post_save, post_delete):
            signal.connect(team_changed, sender=User, dispatch_uid=f"team-{signal}")
        from django.contrib.auth.signals import user_login_failed

        from accounts.signin_limits import on_login_failed

        user_login_failed.connect(on_login_failed, dispatch_uid="signin-limits-failure")
        from django.contrib.auth.signals import user_logged_in

        from accounts.second_factor import remember_set_up

        user_logged_in.connect(remember_set_up, dispatch_uid="second-factor-set-up")
        from django.db.models.signals import pre_delete

        from accounts.services_privacy import refuse_person_delete

        pre_delete.connect(refuse_person_delete, sender=User, dispatch_uid="refuse-person-delete")
        self._unread_ready()

    def _unread_ready(self) -> None:
        """The header counts unread messages and knows who has a team (`intrasphere.unread`)."""
        from django.db.models import Exists, OuterRef
        from django.db.models.signals import post_delete, post_save

        from accounts.models import Message, User
        from intrasphere import unread

        unread.register(
            "messages",
            lambda: unread.count_of(Message.objects.filter(read_at__isnull=True), "recipient_id"),
        )
        # "My team" in the main navigation: whether the person has an active direct report.
        unread.register(
            "reports",
            lambda: Exists(User.objects.filter(manager_id=OuterRef("pk"), is_active=True)),
        )
        forget = unread.forget_on_save("recipient_id")
        for signal in (post_save, post_delete):
            signal.connect(forget, sender=Message, weak=False, dispatch_uid="unread-messages")

    @staticmethod
    def _register_manage_links() -> None:
        """The /manage/ pages in the header's "Manage" hub (`intrasphere.manage_links`)."""
        from accounts import permissions as p
        from intrasphere.manage_links import ManageLink, register

        register(
            ManageLink(
                "manage:user_list",
                _("Users"),
                _("Create, edit, activate and deactivate accounts."),
                p.can_manage_users,
            ),
            ManageLink(
                "manage:category_list",
                _("Employee categories"),
                _("Groups of employees used for audiences and rights."),
                p.can_manage_categories,
            ),
            ManageLink(
                "manage:permission_list",
                _("Permissions"),
                _("Who holds which delegated right; grant and revoke."),
                p.can_manage_permissions,
            ),
            ManageLink(
                "manage:permission_check",
                _("Check a user's rights"),
                _("Everything a user can do, and why."),
                p.can_manage_permissions,
            ),
            ManageLink(
                "manage:privacy_requests",
                _("Privacy requests"),
                _("Export a person's data or anonymise a leaver."),
                p.can_handle_privacy_requests,
            ),
            ManageLink(
                "manage:settings",
                _("Site settings"),
                _("Name, registration, contact and welcome message."),
                p.can_manage_permissions,
            ),
            ManageLink(
                "manage:audit_log",
                _("Audit log"),
                _("Every sensitive action: who, what, when and from where."),
                p.can_manage_permissions,
            ),
        )
