"""Admin permission policies shared by the apps."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy


class SuperusersOnlyPermissionPolicy(BasePermissionPolicy):
    """Every action for active superusers, none for anyone else, whatever their groups.

    For what may name anything (a webhook's signing secret, a task's arguments and
    traceback): registered for a model with ``register_permission_policy``, it is what
    Wagtail's views (a viewset, a ``ReportView`` with ``permission_required``) consult.
    """

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])
