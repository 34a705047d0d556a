"""Permission policies of the office models: nothing is deleted through the admin (history stays
whole; leavers are marked, not removed), and mandates need the bank-data permission as well."""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from office.models import Department, FeeGroup, Member, SepaMandate

from .guards import BANK_ACCESS


class NoDeletePolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class BankDataPolicy(NoDeletePolicy):
    def user_has_permission(self, user, action):
        return user.has_perm(BANK_ACCESS) and super().user_has_permission(user, action)


for _model in (Member, FeeGroup, Department):
    register_permission_policy(_model, NoDeletePolicy(_model))
register_permission_policy(SepaMandate, BankDataPolicy(SepaMandate))
