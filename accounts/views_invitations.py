"""The invitation's set-password page (accounts/invitations.py)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from accounts import invitations


@method_decorator(login_not_required, name="dispatch")
class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """Django's reset page (the token leaves the URL before the form shows) with the
    invitation's token, lifetime and one-time use."""

    token_generator = invitations.invitation_token
    template_name = "accounts/invitation_accept.html"
    reset_url_token = "choose-password"

    def form_valid(self, form):
        user = invitations.invitation_accept(
            user=form.user, password=form.cleaned_data["new_password1"], request=self.request
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(
            self.request,
            _("Your password is set. Sign in with your username, %(user)s.")
            % {"user": user.username},
        )
        return redirect("accounts:login")


invitation_accept = InvitationAcceptView.as_view()
