"""Invitations of a club's first editor: a one-time link on the club's host, valid 7 days.

The token is Django's password-reset token with a 7-day lifetime: it is bound to the user's
password hash and last login, so it stops working once the password is set (one-time).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from .selectors import host_url

INVITATION_VALID_FOR = timedelta(days=7)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "heldenhelfer.clubs.invitation"

    def check_token(self, user, token):
        # The parent checks signature and settings.PASSWORD_RESET_TIMEOUT (3 days), we then
        # apply our own lifetime: the signature check alone ignores the age.
        if not (user and token):
            return False
        try:
            ts = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - ts > INVITATION_VALID_FOR.total_seconds():
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()


def invitation_link(*, club, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_tokens.make_token(user)
    # The link is on the club's host: reverse in the club URLconf whatever host we are on.
    path = reverse("clubs:invitation", kwargs={"uidb64": uid, "token": token}, urlconf=settings.ROOT_URLCONF)
    return host_url(club.primary_hostname, path)
