from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        import accounts.api.schema  # noqa: F401  (registers the API's auth schemes)
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
        from django.db.models.signals import pre_delete

        from accounts.services_privacy import refuse_person_delete

        pre_delete.connect(refuse_person_delete, sender=User, dispatch_uid="refuse-person-delete")
