from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People")

    def ready(self) -> None:
        from intrasphere import caching

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
        """The header counts unread messages (`intrasphere.unread`)."""
        from django.db.models.signals import post_delete, post_save

        from accounts.models import Message
        from intrasphere import unread

        unread.register(
            "messages",
            lambda user_id: Message.objects.filter(
                recipient_id=user_id, read_at__isnull=True
            ).count(),
        )
        forget = unread.forget_on_save("recipient_id")
        for signal in (post_save, post_delete):
            signal.connect(forget, sender=Message, weak=False, dispatch_uid="unread-messages")
