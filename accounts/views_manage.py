"""The /manage/ pages: delegated rights, users, employee categories, settings, audit log.

Thin views: a guard, a form, one service or selector. Rules live in `accounts/services.py`,
`accounts/selectors.py` and `accounts/permissions.py`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import invitations, permissions, selectors, selectors_people, services
from accounts.forms import (
    AnonymiseForm,
    AuditFilterForm,
    EmployeeCategoryForm,
    ExportReasonForm,
    GrantFilterForm,
    GrantForm,
    ManagedUserForm,
    SiteSettingsForm,
    UserCreateForm,
    UserFilterForm,
)
from accounts.models import EmployeeCategory, PermissionGrant, User
from accounts.permissions import can_handle_privacy_requests
from accounts.services_privacy import person_anonymise
from accounts.views_privacy import zip_response
from intrasphere import manage_links, privacy
from intrasphere.models import SiteSettings
from intrasphere.pagination import paginate
from intrasphere.permissions import admin_required, permission_required
from intrasphere.services import site_settings_update


def _error_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _add_service_error(form, error: ValidationError) -> None:
    for message in _error_messages(error):
        form.add_error(None, message)


def index(request: HttpRequest) -> HttpResponse:
    links = manage_links.links_for(request.user)
    if not links:
        raise PermissionDenied
    return render(request, "accounts/manage/index.html", {"links": links})


# --- Delegated rights ----------------------------------------------------------------------------


@admin_required
def permission_list(request: HttpRequest) -> HttpResponse:
    rights = [right for right, _permission in permissions.available_rights()]
    form = GrantFilterForm(request.GET or None, rights=rights)
    filters = form.cleaned_data if form.is_valid() else {}
    grants = selectors.grant_list(
        user_query=filters.get("user", ""),
        perm=filters.get("right", ""),
        status=filters.get("status") or "active",
    )
    page = paginate(request, grants)
    labels = {right.perm: right.label for right in rights}
    return render(
        request,
        "accounts/manage/permission_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(grant, labels.get(grant.perm, grant.perm), grant.status()) for grant in page],
        },
    )


@admin_required
def permission_grant(request: HttpRequest) -> HttpResponse:
    rights = [right for right, _permission in permissions.available_rights()]
    form = GrantForm(
        request.POST or None,
        initial={"user": request.GET.get("user", "")[:150]},
        rights=rights,
        scope_choices=selectors.scope_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.permission_grant(
                actor=request.user,
                user=form.cleaned_data["user"],
                codename=form.cleaned_data["right"],
                expires_at=form.cleaned_data["expires_at"],
                scope=form.cleaned_data["scope_object"],
                request=request,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Right granted to %(user)s.") % {"user": grant.user.name})
            return redirect("manage:permission_list")
    return render(request, "accounts/manage/permission_grant.html", {"form": form})


@admin_required
@require_POST
def permission_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(PermissionGrant, pk=pk)
    try:
        services.permission_revoke(actor=request.user, grant=grant, request=request)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The grant was revoked."))
    return redirect("manage:permission_list")


@admin_required
def permission_check(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("user", "").strip()[:150]
    found = selectors_people.person_lookup(text=text)
    person = found.person
    context = {
        "username": text,
        "person": person,
        "choices": found.choices,
        "not_found": bool(text) and not person and not found.choices,
    }
    if person is not None:
        context["rows"] = selectors.user_rights(user=person)
    return render(request, "accounts/manage/permission_check.html", context)


# --- Users -----------------------------------------------------------------------------------


@permission_required("accounts.manage_users")
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None, departments=selectors.all_departments())
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.managed_users(
        query=filters.get("q", ""),
        role=filters.get("role", ""),
        department=filters.get("department", ""),
        active=filters.get("active", ""),
        state=filters.get("state", ""),
    )
    page = paginate(request, people)
    return render(
        request,
        "accounts/manage/user_list.html",
        {
            "form": form,
            "page": page,
            "can_check_rights": permissions.can_manage_permissions(request.user),
            "rows": [
                (person, editable, editable and person.pk != request.user.pk)
                for person in page
                for editable in [permissions.can_edit_user(request.user, person)]
            ],
        },
    )


@permission_required("accounts.manage_users")
def user_create(request: HttpRequest) -> HttpResponse:
    can_change_role = permissions.can_change_role(request.user)
    form = UserCreateForm(request.POST or None, can_change_role=can_change_role)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.user_create(
                actor=request.user,
                password=form.cleaned_data["password1"],
                role=form.cleaned_data.get("role", User.Role.EMPLOYEE),
                request=request,
                **form.profile_changes(),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Account %(user)s created.") % {"user": person.username})
            return redirect("manage:user_list")
    return render(request, "accounts/manage/user_form.html", {"form": form, "person": None})


@permission_required("accounts.manage_users")
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    permissions.ensure_can_edit_user(request.user, person)
    form = ManagedUserForm(
        request.POST or None,
        instance=person,
        can_change_role=permissions.can_change_role(request.user),
        credentials_refusal=permissions.credentials_refusal(request.user, person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                actor=request.user,
                user=User.objects.get(pk=pk),
                changes=form.profile_changes(),
                role=form.cleaned_data.get("role"),
                request=request,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Account %(user)s saved.") % {"user": person.username})
            return redirect("manage:user_list")
    return render(
        request,
        "accounts/manage/user_form.html",
        {
            "form": form,
            "person": User.objects.get(pk=pk),
            "is_self": pk == request.user.pk,
            "privacy_handler": can_handle_privacy_requests(request.user),
        },
    )


def _invite(request: HttpRequest, people: list[User]) -> HttpResponse:
    report = invitations.invitations_send(actor=request.user, users=people, request=request)
    for person in report.sent:
        messages.success(request, _("Invitation sent to %(user)s.") % {"user": person.username})
    for _person, reason in report.refused:
        messages.error(request, reason)
    return redirect("manage:user_list")


@permission_required("accounts.manage_users")
@require_POST
def user_invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    permissions.ensure_can_edit_user(request.user, person)
    return _invite(request, [person])


@permission_required("accounts.manage_users")
@require_POST
def user_invite_selected(request: HttpRequest) -> HttpResponse:
    ids = [value for value in request.POST.getlist("users") if value.isdigit()]
    people = list(User.objects.filter(pk__in=ids[:500]).order_by("username"))
    if not people:
        messages.error(request, _("Select at least one account to invite."))
        return redirect("manage:user_list")
    return _invite(request, people)


def _toggle_active(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    permissions.ensure_can_edit_user(request.user, person)
    try:
        service(actor=request.user, user=person, request=request)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, done % {"user": person.username})
    return redirect("manage:user_list")


@permission_required("accounts.manage_users")
@require_POST
def user_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _toggle_active(request, pk, services.user_activate, _("Account %(user)s activated."))


@permission_required("accounts.manage_users")
@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _toggle_active(
        request,
        pk,
        services.user_deactivate,
        _("Account %(user)s deactivated and signed out everywhere."),
    )


def _privacy_handler(request: HttpRequest) -> None:
    if not can_handle_privacy_requests(request.user):
        raise PermissionDenied


def user_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """Anonymise a person for good, after showing what it does (accounts.services_privacy)."""
    _privacy_handler(request)
    person = get_object_or_404(User, pk=pk)
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person_anonymise(
                actor=request.user, user=person, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The person is anonymised."))
            return redirect("manage:user_list")
    context = {"form": form, "person": person, "impact": privacy.impact(user=person)}
    return render(request, "accounts/manage/user_anonymise.html", context)


def privacy_requests(request: HttpRequest) -> HttpResponse:
    """Find the person a data request is about, to export their data or anonymise them."""
    _privacy_handler(request)
    query = request.GET.get("q", "").strip()[:100]
    people = selectors.managed_users(query=query) if query else User.objects.none()
    context = {"page": paginate(request, people), "query": query}
    return render(request, "accounts/manage/privacy_requests.html", context)


@require_http_methods(["GET", "POST"])
def user_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a person's data for a request they made (GDPR Art. 15/20), with a reason."""
    _privacy_handler(request)
    person = get_object_or_404(User, pk=pk)
    form = ExportReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        response = zip_response(actor=request.user, user=person, reason=reason, request=request)
        if response is not None:
            return response
        form.add_error(None, _("This export is already being built."))
    context = {"form": form, "person": person}
    return render(request, "accounts/manage/user_export.html", context)


# --- Employee categories ----------------------------------------------------------------------


@permission_required("accounts.manage_employee_categories")
def category_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.employee_categories())
    return render(request, "accounts/manage/category_list.html", {"page": page})


@permission_required("accounts.manage_employee_categories")
def category_create(request: HttpRequest) -> HttpResponse:
    form = EmployeeCategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        category = services.employee_category_create(
            actor=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, _("Category %(name)s created.") % {"name": category.name})
        return redirect("manage:category_list")
    return render(request, "accounts/manage/category_form.html", {"form": form, "category": None})


@permission_required("accounts.manage_employee_categories")
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(EmployeeCategory, pk=pk)
    form = EmployeeCategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        category = services.employee_category_update(
            actor=request.user,
            category=EmployeeCategory.objects.get(pk=pk),
            request=request,
            **form.cleaned_data,
        )
        messages.success(request, _("Category %(name)s saved.") % {"name": category.name})
        return redirect("manage:category_list")
    return render(
        request,
        "accounts/manage/category_form.html",
        {"form": form, "category": EmployeeCategory.objects.get(pk=pk)},
    )


@permission_required("accounts.manage_employee_categories")
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(selectors.employee_categories(), pk=pk)
    if request.method == "POST":
        services.employee_category_delete(actor=request.user, category=category, request=request)
        messages.success(request, _("Category %(name)s deleted.") % {"name": category.name})
        return redirect("manage:category_list")
    return render(request, "accounts/manage/category_confirm_delete.html", {"category": category})


# --- Site settings and audit log ----------------------------------------------------------------


@admin_required
def site_settings(request: HttpRequest) -> HttpResponse:
    site = SiteSettings.objects.get_or_create(pk=1)[0]
    form = SiteSettingsForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        site_settings_update(actor=request.user, changes=form.cleaned_data, request=request)
        messages.success(request, _("Settings saved."))
        return redirect("manage:settings")
    return render(request, "accounts/manage/settings_form.html", {"form": form})


@admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(
        request.GET or None,
        actions=selectors.audit_actions(),
        target_types=selectors.audit_target_types(),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.audit_entries(**filters))
    return render(request, "accounts/manage/audit_log.html", {"form": form, "page": page})
