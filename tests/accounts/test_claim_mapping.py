"""The identity claim mapping's rules (accounts.services_identity), through the services the
OpenID Connect backend and the directory (its sign-in backend and `sync_directory`) call, with
real claim dicts and directory entries: what is stored on the account, what the audit log and
the operators' log say. The provider and slapd themselves: test_oidc.py, test_ldap*.py."""

import logging

import pytest

from accounts import services_identity as identity
from accounts.directory import Entry
from accounts.models import User
from intrasphere.models import AuditLog
from tests.factories import UserFactory

OFFICE = "192.0.2.7"
MODERATORS = "forum-moderators"
LOG = "intrasphere.identity"


@pytest.fixture
def sso(settings, db):
    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    settings.OIDC_CLAIMS_MAP = {
        "department": "department",
        "job_title": "position",
        "employee_number": "employee_id",
    }
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_MODERATOR_GROUPS = [MODERATORS]
    return settings


@pytest.fixture
def request_from_office(rf):
    return rf.get("/accounts/sso/callback/", REMOTE_ADDR=OFFICE)


def update(user, request=None, **claims):
    identity.user_update_from_claims(user=user, claims=claims, request=request)
    return User.objects.get(pk=user.pk)


def audits(user, action="accounts.user.update"):
    return list(
        AuditLog.objects.filter(action=action, target_id=str(user.pk))
        .order_by("pk")
        .values_list("summary", flat=True)
    )


def warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


# --- Which claims set which field --------------------------------------------------------------


def test_the_default_claims_set_the_names_and_the_verified_email(sso):
    alice = UserFactory(username="alice", first_name="A", last_name="M", email="a@old.example")
    alice = update(
        alice,
        given_name="Alice",
        family_name="Martin",
        email="alice@corp.example",
        email_verified=True,
    )
    assert (alice.first_name, alice.last_name, alice.email) == (
        "Alice",
        "Martin",
        "alice@corp.example",
    )


def test_the_settings_map_adds_claims_and_overrides_a_default(sso):
    sso.OIDC_CLAIMS_MAP = {"given_name": "position", "org_unit": "department"}
    alice = UserFactory(username="alice", first_name="Al", position="Analyst", department="Ops")
    alice = update(alice, given_name="Controller", org_unit="Finance")
    assert (alice.first_name, alice.position, alice.department) == ("Al", "Controller", "Finance")


def test_a_claim_mapped_to_a_field_that_cannot_be_set_is_ignored_and_logged(sso, caplog):
    sso.OIDC_CLAIMS_MAP = {"org_unit": "department", "is_admin": "is_superuser", "r": "role"}
    alice = UserFactory(username="alice", department="Ops")
    with caplog.at_level(logging.WARNING, logger=LOG):
        alice = update(alice, org_unit="Finance", is_admin=True, r="admin")
    assert alice.department == "Finance"
    assert not alice.is_superuser and alice.role == User.Role.EMPLOYEE
    assert set(warnings(caplog)) == {
        "OIDC_CLAIMS_MAP: fields that cannot be set are ignored: "
        "{'is_admin': 'is_superuser', 'r': 'role'}"
    }


def test_a_well_formed_map_logs_nothing(sso, caplog):
    alice = UserFactory(username="alice", department="Ops")
    with caplog.at_level(logging.WARNING, logger=LOG):
        assert update(alice, department="Finance").department == "Finance"
    assert warnings(caplog) == []


def test_a_claim_absent_leaves_its_field_alone(sso):
    alice = UserFactory(username="alice", first_name="Alice", department="Ops", position="Analyst")
    alice = update(alice, family_name="Martin")
    assert (alice.first_name, alice.last_name) == ("Alice", "Martin")
    assert (alice.department, alice.position) == ("Ops", "Analyst")


def test_claim_values_become_trimmed_text(sso):
    alice = UserFactory(username="alice", last_name="Martin", department="Ops", position="X")
    alice = update(
        alice,
        given_name=["  Alice  ", "Alicia"],  # a list: its first value
        family_name=None,  # null: empty
        department=42,  # a number: its text
        job_title=[],  # an empty list: empty
    )
    assert (alice.first_name, alice.last_name, alice.department, alice.position) == (
        "Alice",
        "",
        "42",
        "",
    )


def test_a_tuple_claim_gives_its_first_value(sso):
    alice = UserFactory(username="alice", department="Ops")
    assert update(alice, department=("Finance", "Sales")).department == "Finance"


def test_a_value_too_long_for_its_field_is_cut_to_fit(sso):
    alice = UserFactory(username="alice", department="Ops")
    alice = update(alice, department="D" * 150, given_name="G" * 200)
    assert alice.department == "D" * 100
    assert alice.first_name == "G" * User._meta.get_field("first_name").max_length


def test_an_email_the_provider_has_not_verified_is_not_taken(sso):
    alice = UserFactory(username="alice", email="alice@old.example", department="Ops")
    alice = update(alice, email="alice@new.example", email_verified=False, department="Finance")
    assert (alice.email, alice.department) == ("alice@old.example", "Finance")
    # Without email_verified at all the address is taken (providers that only send verified ones).
    assert update(alice, email="alice@new.example").email == "alice@new.example"
    # "Not verified" without an address at all: nothing to leave out, the rest applies.
    alice = update(alice, email_verified=False, department="Sales")
    assert (alice.email, alice.department) == ("alice@new.example", "Sales")


def test_an_empty_employee_number_is_stored_as_none(sso):
    alice = UserFactory(username="alice", employee_id="E-1")
    bob = UserFactory(username="bob", employee_id="E-2")
    assert update(alice, employee_number="").employee_id is None
    assert update(bob, employee_number=" ").employee_id is None  # two without one: allowed


# --- Matching the account ------------------------------------------------------------------------


def matching(**claims):
    return sorted(identity.users_matching(claims).values_list("username", flat=True))


def test_the_username_claim_matches_ignoring_capitals(sso):
    UserFactory(username="alice", email="alice@corp.example")
    UserFactory(username="other", email="ALICE@corp.example")
    assert matching(preferred_username=" ALICE ") == ["alice"]
    # Even with a verified email that names someone else: the username comes first.
    assert matching(preferred_username="Alice", email="other@x.example", email_verified=True) == [
        "alice"
    ]


def test_the_username_claim_is_the_one_the_settings_name(sso):
    sso.OIDC_USERNAME_CLAIM = "upn"
    UserFactory(username="alice")
    assert matching(upn="alice", preferred_username="nobody") == ["alice"]
    assert matching(preferred_username="alice") == []


def test_an_unknown_username_falls_back_to_the_verified_email(sso):
    UserFactory(username="bdupont", email="bob@corp.example")
    claims = {"preferred_username": "bob.dupont", "email": " BOB@corp.example "}
    assert matching(**claims, email_verified=True) == ["bdupont"]
    assert matching(email="bob@corp.example", email_verified=True) == ["bdupont"]  # no username
    assert matching(**claims, email_verified=False) == []
    assert matching(**claims) == []  # not said verified
    assert matching(**claims, email_verified="true") == []  # only the JSON true counts


def test_no_username_and_no_email_match_nobody(sso):
    UserFactory(username="blank", email="")
    assert matching(preferred_username="", email="", email_verified=True) == []
    assert matching(email_verified=True) == []


# --- The groups claim and the role -------------------------------------------------------------


def test_a_moderator_group_makes_a_moderator_and_its_absence_an_employee(sso, request_from_office):
    alice = UserFactory(username="alice")
    alice = update(alice, request=request_from_office, groups=["staff", MODERATORS])
    assert alice.role == User.Role.MODERATOR
    role = AuditLog.objects.get(action="accounts.user.role", target_id=str(alice.pk))
    assert role.summary == "single sign-on (groups): role: 'employee' → 'moderator'"
    assert (role.actor_label, role.ip_address) == ("system", OFFICE)
    assert audits(alice) == []  # no field changed: no update entry

    assert update(alice, groups=["staff"]).role == User.Role.EMPLOYEE
    assert audits(alice, "accounts.user.role")[-1] == (
        "single sign-on (groups): role: 'moderator' → 'employee'"
    )


def test_the_groups_claim_may_be_one_name_or_missing(sso):
    alice = UserFactory(username="alice")
    assert update(alice, groups=MODERATORS).role == User.Role.MODERATOR
    assert update(alice, groups=(MODERATORS,)).role == User.Role.MODERATOR
    assert update(alice).role == User.Role.EMPLOYEE  # no groups claim: in no group
    assert update(alice, groups="").role == User.Role.EMPLOYEE


def test_an_empty_groups_claim_meets_no_group_even_a_stray_empty_name(sso):
    sso.OIDC_MODERATOR_GROUPS = [MODERATORS, ""]  # OIDC_MODERATOR_GROUPS="forum-moderators,"
    alice = UserFactory(username="alice", role=User.Role.MODERATOR)
    assert update(alice, groups="").role == User.Role.EMPLOYEE


def test_the_groups_claim_is_the_one_the_settings_name(sso):
    sso.OIDC_GROUPS_CLAIM = "roles"
    alice = UserFactory(username="alice")
    assert update(alice, roles=[MODERATORS], groups=[]).role == User.Role.MODERATOR


def test_the_same_role_again_writes_nothing(sso):
    alice = UserFactory(username="alice", role=User.Role.MODERATOR)
    assert update(alice, groups=[MODERATORS]).role == User.Role.MODERATOR
    assert audits(alice, "accounts.user.role") == []


def test_without_moderator_groups_the_role_is_left_alone(sso):
    sso.OIDC_MODERATOR_GROUPS = []
    alice = UserFactory(username="alice", role=User.Role.MODERATOR)
    assert update(alice, groups=[]).role == User.Role.MODERATOR
    assert audits(alice, "accounts.user.role") == []


def test_the_provider_never_changes_an_administrators_role(sso):
    root = UserFactory(username="root", role=User.Role.ADMIN)
    root = update(root, groups=["staff"], department="IT")
    assert root.role == User.Role.ADMIN and root.is_superuser
    assert root.department == "IT"  # the fields still follow


# --- Updating: what is written, what is refused ------------------------------------------------


def test_an_update_is_one_audit_entry_naming_each_change(sso, request_from_office):
    alice = UserFactory(username="alice", department="Ops", position="Analyst")
    alice = update(alice, request_from_office, department="Finance", job_title="Controller")
    entry = AuditLog.objects.get(action="accounts.user.update", target_id=str(alice.pk))
    assert entry.summary == (
        "single sign-on: department: 'Ops' → 'Finance', position: 'Analyst' → 'Controller'"
    )
    assert (entry.actor_id, entry.actor_label, entry.ip_address) == (None, "system", OFFICE)
    assert entry.target_type == "accounts.user"


def test_the_service_returns_the_updated_account(sso):
    alice = UserFactory(username="alice", department="Ops")
    returned = identity.user_update_from_claims(user=alice, claims={"department": "Finance"})
    assert (returned.pk, returned.department) == (alice.pk, "Finance")


def test_an_employee_number_already_used_is_left_out_and_the_rest_applies(sso, caplog):
    UserFactory(username="bob", employee_id="E-2")
    alice = UserFactory(username="alice", employee_id="E-1", department="Ops")
    with caplog.at_level(logging.WARNING, logger=LOG):
        alice = update(alice, employee_number="E-2", department="Finance")
    assert (alice.employee_id, alice.department) == ("E-1", "Finance")
    (message,) = warnings(caplog)
    assert message.startswith("single sign-on: employee_id of alice not updated: ")
    assert "already exists" in message
    assert audits(alice) == ["single sign-on: department: 'Ops' → 'Finance'"]


def test_a_field_is_checked_on_its_own(sso):
    """A value already stored that would not validate (an old address, no password) does not
    hold up the others."""
    alice = UserFactory(username="alice", department="Ops")
    User.objects.filter(pk=alice.pk).update(email="not an address", password="")
    alice = update(alice, department="Finance", job_title="Controller")
    assert (alice.department, alice.position, alice.email) == (
        "Finance",
        "Controller",
        "not an address",
    )


def test_an_invalid_email_claim_is_left_out_and_the_next_claims_apply(sso, caplog):
    alice = UserFactory(username="alice", email="alice@corp.example", department="Ops")
    with caplog.at_level(logging.WARNING, logger=LOG):
        alice = update(alice, email="not an address", department="Finance")
    assert (alice.email, alice.department) == ("alice@corp.example", "Finance")
    assert warnings(caplog)[0].startswith("single sign-on: email of alice not updated: ")
    assert audits(alice) == ["single sign-on: department: 'Ops' → 'Finance'"]


def test_an_unchanged_claim_does_not_stop_the_next(sso):
    alice = UserFactory(username="alice", first_name="Alice", department="Ops")
    alice = update(alice, given_name="Alice", department="Finance")
    assert alice.department == "Finance"
    assert audits(alice) == ["single sign-on: department: 'Ops' → 'Finance'"]


def test_the_same_claims_again_write_nothing(sso):
    alice = UserFactory(username="alice", department="Ops", employee_id=None)
    before = User.objects.get(pk=alice.pk).updated_at
    alice = update(alice, department="Ops", employee_number="")
    assert audits(alice) == [] and alice.updated_at == before


# --- The manager claim ---------------------------------------------------------------------------


@pytest.fixture
def manager_claim(sso):
    sso.OIDC_CLAIMS_MAP = {**sso.OIDC_CLAIMS_MAP, "manager_number": "manager_employee_id"}
    return sso


def test_the_manager_claim_sets_changes_and_clears_the_manager(manager_claim, caplog):
    boss = UserFactory(username="boss", employee_id="E-1")
    UserFactory(username="other", employee_id="E-2")
    alice = UserFactory(username="alice")
    assert update(alice, manager_number=" E-1 ").manager == boss
    assert update(alice, manager_number="E-2").manager.username == "other"
    with caplog.at_level(logging.WARNING, logger=LOG):
        assert update(alice, manager_number="").manager is None
    assert warnings(caplog) == []
    assert audits(alice) == [
        "single sign-on: manager: '' → 'boss'",
        "single sign-on: manager: 'boss' → 'other'",
        "single sign-on: manager: 'other' → ''",
    ]
    assert update(alice, manager_number="").manager is None
    assert len(audits(alice)) == 3  # already none: nothing more


def test_the_manager_claim_and_a_field_make_one_entry(manager_claim):
    UserFactory(username="boss", employee_id="E-1")
    alice = UserFactory(username="alice", department="Ops")
    update(alice, manager_number="E-1", department="Finance")
    assert audits(alice) == ["single sign-on: department: 'Ops' → 'Finance', manager: '' → 'boss'"]


def test_an_absent_or_unmapped_manager_claim_leaves_the_manager_alone(manager_claim):
    boss = UserFactory(username="boss", employee_id="E-1")
    alice = UserFactory(username="alice", manager=boss)
    assert update(alice, department="Finance").manager == boss
    manager_claim.OIDC_CLAIMS_MAP = {"department": "department"}
    assert update(alice, manager_number="").manager == boss


def test_an_unknown_manager_number_leaves_the_manager_alone_and_is_logged(manager_claim, caplog):
    boss = UserFactory(username="boss", employee_id="E-1")
    alice = UserFactory(username="alice", manager=boss)
    with caplog.at_level(logging.WARNING, logger=LOG):
        assert update(alice, manager_number="E-404").manager == boss
    assert warnings(caplog) == [
        "single sign-on: manager of alice not set: nobody has employee_id 'E-404'"
    ]
    assert audits(alice) == []


def test_a_manager_claim_closing_a_cycle_is_logged_and_left_alone(manager_claim, caplog):
    alice = UserFactory(username="alice", employee_id="E-7")
    UserFactory(username="boss", employee_id="E-1", manager=alice)
    with caplog.at_level(logging.WARNING, logger=LOG):
        assert update(alice, manager_number="E-1").manager is None
    (message,) = warnings(caplog)
    assert message.startswith("single sign-on: manager of alice not set to boss: ")
    assert "go round in a circle" in message
    assert audits(alice) == []


def test_nobody_is_their_own_manager(manager_claim, caplog):
    alice = UserFactory(username="alice", employee_id="E-7")
    with caplog.at_level(logging.WARNING, logger=LOG):
        assert update(alice, manager_number="E-7").manager is None
    assert "cannot be their own manager" in warnings(caplog)[0]


# --- A new account from the claims ---------------------------------------------------------------


def create(request=None, **claims):
    return identity.user_create_from_claims(claims=claims, request=request)


def test_a_new_account_is_an_employee_from_the_claims(sso, request_from_office):
    nora = create(
        request_from_office,
        preferred_username=" nora ",
        given_name="Nora",
        family_name="Lind",
        email="nora@corp.example",
        email_verified=True,
        department="Sales",
        job_title="Rep",
        employee_number="E-9",
        groups=["staff"],
    )
    nora = User.objects.get(pk=nora.pk)
    assert nora.username == "nora"
    assert (nora.first_name, nora.last_name, nora.email) == ("Nora", "Lind", "nora@corp.example")
    assert (nora.department, nora.position, nora.employee_id) == ("Sales", "Rep", "E-9")
    assert nora.role == User.Role.EMPLOYEE and not nora.is_superuser and not nora.is_staff
    assert not nora.has_usable_password() and nora.is_active
    made = AuditLog.objects.get(action="accounts.user.create", target_id=str(nora.pk))
    assert made.summary == "single sign-on: role: employee"
    assert (made.actor_label, made.ip_address) == ("system", OFFICE)
    assert not AuditLog.objects.filter(action="accounts.user.role").exists()
    assert audits(nora) == []


def test_a_new_account_without_an_employee_number_has_none(sso):
    create(preferred_username="a", employee_number="")
    create(preferred_username="b", employee_number="")
    assert list(User.objects.values_list("employee_id", flat=True)) == [None, None]


def test_a_new_account_takes_no_unverified_email(sso):
    nora = create(preferred_username="nora", email="nora@corp.example", email_verified=False)
    assert User.objects.get(pk=nora.pk).email == ""


def test_a_new_moderator_from_the_groups(sso, request_from_office):
    nora = create(request_from_office, preferred_username="nora", groups=[MODERATORS, "admins"])
    nora = User.objects.get(pk=nora.pk)
    assert nora.role == User.Role.MODERATOR and not nora.is_superuser
    role = AuditLog.objects.get(action="accounts.user.role", target_id=str(nora.pk))
    assert role.summary == "single sign-on (groups): role: 'employee' → 'moderator'"
    assert (role.actor_label, role.ip_address) == ("system", OFFICE)


def test_a_new_account_gets_its_manager(manager_claim, request_from_office):
    boss = UserFactory(username="boss", employee_id="E-1")
    nora = create(request_from_office, preferred_username="nora", manager_number="E-1")
    assert User.objects.get(pk=nora.pk).manager == boss
    entry = AuditLog.objects.get(action="accounts.user.update", target_id=str(nora.pk))
    assert entry.summary == "single sign-on: manager: '' → 'boss'"
    assert (entry.actor_label, entry.ip_address) == ("system", OFFICE)


def test_a_new_account_with_an_unknown_manager_has_none(manager_claim):
    nora = create(preferred_username="nora", manager_number="E-404")
    assert User.objects.get(pk=nora.pk).manager is None
    assert audits(nora) == []


def test_a_long_username_is_cut_to_fit(sso):
    nora = create(preferred_username="n" * 200)
    assert User.objects.get(pk=nora.pk).username == "n" * 150


def test_claims_that_cannot_make_an_account_make_none(sso, caplog):
    UserFactory(username="bob", employee_id="E-2")
    with caplog.at_level(logging.WARNING, logger=LOG):
        assert create(preferred_username="nora", employee_number="E-2") is None
        assert create(preferred_username="bad name!") is None
    assert not User.objects.filter(username__in=["nora", "bad name!"]).exists()
    first, second = warnings(caplog)
    assert first.startswith("single sign-on: no account made for 'nora': ")
    assert "employee_id" in first
    assert second.startswith("single sign-on: no account made for 'bad name!': ")
    assert not AuditLog.objects.filter(action="accounts.user.create").exists()


def test_a_deactivated_persons_return_is_written_down(sso, request_from_office):
    gone = UserFactory(username="gone", is_active=False)
    identity.refusal_record(user=gone, request=request_from_office)
    entry = AuditLog.objects.get(action="accounts.sign_in.refused")
    assert entry.summary == "single sign-on: account deactivated"
    assert (entry.target_id, entry.actor_label, entry.ip_address) == (
        str(gone.pk),
        "system",
        OFFICE,
    )


# --- The directory ------------------------------------------------------------------------------

PEOPLE = "ou=people,dc=corp,dc=example"


def entry(username, manager=None, moderator=False, **fields):
    return Entry(
        dn=f"uid={username},{PEOPLE}",
        username=username,
        fields=fields,
        moderator=moderator,
        manager_dn=manager and f"uid={manager},{PEOPLE}",
    )


@pytest.fixture
def directory(settings, db):
    settings.LDAP_MODERATOR_GROUP_DN = "cn=moderators,ou=groups,dc=corp,dc=example"
    return settings


def test_the_changes_an_entry_would_make(directory):
    bob = UserFactory(username="bob", department="Old", position="Rep", employee_id="E-2")
    changes = identity.directory_changes(
        bob, entry("bob", moderator=True, department="Sales", position="Rep", employee_id="")
    )
    assert changes == {
        "department": ("Old", "Sales"),
        "employee_id": ("E-2", None),
        "role": ("employee", "moderator"),
        "directory_dn": ("", f"uid=bob,{PEOPLE}"),
    }
    bob.directory_dn = f"uid=bob,{PEOPLE}"
    same = entry("bob", department="Old", position="Rep", employee_id="E-2")
    assert identity.directory_changes(bob, same) == {}
    # No employee number in the entry, none on the account: no change either.
    bob.employee_id = None
    assert identity.directory_changes(bob, entry("bob", department="Old", employee_id="")) == {}


def test_without_a_moderator_group_the_directory_leaves_the_role_alone(directory):
    directory.LDAP_MODERATOR_GROUP_DN = ""
    bob = UserFactory(username="bob", role=User.Role.MODERATOR)
    assert "role" not in identity.directory_changes(bob, entry("bob"))
    bob = identity.user_update_from_directory(user=bob, entry=entry("bob", department="Sales"))
    bob = User.objects.get(pk=bob.pk)
    assert (bob.role, bob.department) == (User.Role.MODERATOR, "Sales")


def test_the_directory_updates_an_account_with_one_audit_entry(directory, rf):
    bob = UserFactory(username="bob", department="Old", position="Rep")
    request = rf.post("/accounts/login/", REMOTE_ADDR=OFFICE)
    returned = identity.user_update_from_directory(
        user=bob, entry=entry("bob", moderator=True, department="Sales"), request=request
    )
    bob = User.objects.get(pk=bob.pk)
    assert returned.pk == bob.pk
    assert (bob.department, bob.role, bob.directory_dn) == (
        "Sales",
        User.Role.MODERATOR,
        f"uid=bob,{PEOPLE}",
    )
    update_entry = AuditLog.objects.get(action="accounts.user.update", target_id=str(bob.pk))
    assert update_entry.summary == (
        "directory: department: 'Old' → 'Sales', role: 'employee' → 'moderator'"
    )
    assert (update_entry.actor_label, update_entry.ip_address) == ("system", OFFICE)

    # Leaving the moderator group: an employee again.
    identity.user_update_from_directory(user=bob, entry=entry("bob", department="Sales"))
    assert User.objects.get(pk=bob.pk).role == User.Role.EMPLOYEE
    assert audits(bob)[-1] == "directory: role: 'moderator' → 'employee'"


def test_only_the_entry_dn_changing_is_saved_without_an_audit_entry(directory):
    bob = UserFactory(username="bob", department="Sales")
    identity.user_update_from_directory(user=bob, entry=entry("bob", department="Sales"))
    assert User.objects.get(pk=bob.pk).directory_dn == f"uid=bob,{PEOPLE}"
    assert audits(bob) == []


def test_a_directory_value_the_account_cannot_take_is_left_out(directory, caplog):
    UserFactory(username="carol", employee_id="E-3")
    bob = UserFactory(username="bob", department="Old", employee_id="E-2")
    with caplog.at_level(logging.WARNING, logger=LOG):
        identity.user_update_from_directory(
            user=bob, entry=entry("bob", department="Sales", employee_id="E-3")
        )
    bob = User.objects.get(pk=bob.pk)
    assert (bob.department, bob.employee_id) == ("Sales", "E-2")
    assert warnings(caplog)[0].startswith("directory: employee_id of bob not updated: ")


def test_the_directory_never_changes_an_administrator(directory):
    root = UserFactory(username="root", role=User.Role.ADMIN, department="IT")
    UserFactory(username="boss")
    identity.user_update_from_directory(
        user=root, entry=entry("root", manager="boss", department="Sales"), with_manager=True
    )
    root = User.objects.get(pk=root.pk)
    assert (root.department, root.role, root.directory_dn, root.manager) == (
        "IT",
        User.Role.ADMIN,
        "",
        None,
    )
    assert "role" not in identity.directory_changes(root, entry("root"))


def test_signing_in_with_the_directory_sets_the_manager_by_dn(directory, caplog):
    boss = UserFactory(username="boss", directory_dn="UID=Boss, OU=People,dc=corp,dc=example")
    bob = UserFactory(username="bob", department="Sales")
    identity.user_update_from_directory(user=bob, entry=entry("bob", manager="boss"))
    assert User.objects.get(pk=bob.pk).manager is None  # the sync sets managers in its own pass
    identity.user_update_from_directory(
        user=bob, entry=entry("bob", manager="boss", department="Sales"), with_manager=True
    )
    assert User.objects.get(pk=bob.pk).manager == boss
    assert audits(bob) == ["directory: manager: '' → 'boss'"]
    # An entry naming no manager leaves the one set alone.
    identity.user_update_from_directory(user=bob, entry=entry("bob"), with_manager=True)
    assert User.objects.get(pk=bob.pk).manager == boss

    with caplog.at_level(logging.WARNING, logger=LOG):
        identity.user_update_from_directory(
            user=bob, entry=entry("bob", manager="ghost"), with_manager=True
        )
    assert User.objects.get(pk=bob.pk).manager == boss
    assert warnings(caplog) == [f"directory: manager of bob unknown: uid=ghost,{PEOPLE}"]


def test_signing_in_with_the_directory_never_closes_a_cycle(directory, caplog):
    bob = UserFactory(username="bob", directory_dn=f"uid=bob,{PEOPLE}")
    UserFactory(username="boss", directory_dn=f"uid=boss,{PEOPLE}", manager=bob)
    with caplog.at_level(logging.WARNING, logger=LOG):
        identity.user_update_from_directory(
            user=bob, entry=entry("bob", manager="boss"), with_manager=True
        )
    assert User.objects.get(pk=bob.pk).manager is None
    assert warnings(caplog)[0].startswith("directory: manager of bob not set to boss: ")


def test_an_entry_without_a_username_or_with_invalid_values_makes_no_account(directory, caplog):
    assert identity.directory_refusal(entry("")) == "no username in the entry"
    refusal = identity.directory_refusal(entry("bad name!", email="nope", employee_id="E-1"))
    parts = refusal.split("; ")
    assert [part.split(": ")[0] for part in parts] == ["username", "email"]
    assert "Enter a valid email address." in parts[1]
    assert identity.directory_refusal(entry("carol", email="carol@corp.example")) == ""
    with caplog.at_level(logging.WARNING, logger=LOG):
        assert identity.user_create_from_directory(entry=entry("bad name!")) is None
    assert warnings(caplog)[0].startswith("directory: no account made for 'bad name!': username: ")
    assert not User.objects.exists()


def test_a_refusal_names_each_field_and_all_its_errors(directory):
    refusal = identity.directory_refusal(entry("carol", email="x" * 300))
    assert refusal == (
        "email: Enter a valid email address. "
        "Ensure this value has at most 254 characters (it has 300)."
    )


def test_an_entry_whose_employee_number_is_taken_makes_no_account(directory):
    UserFactory(username="bob", employee_id="E-2")
    assert identity.directory_refusal(entry("carol", employee_id="E-2")).startswith("employee_id: ")
    assert identity.directory_refusal(entry("carol", employee_id="")) == ""


def test_a_new_account_from_an_entry(directory, rf):
    request = rf.post("/accounts/login/", REMOTE_ADDR=OFFICE)
    carol = identity.user_create_from_directory(
        entry=entry("carol", department="Legal", email="carol@corp.example", employee_id=""),
        request=request,
    )
    carol = User.objects.get(pk=carol.pk)
    assert (carol.username, carol.department, carol.email, carol.employee_id) == (
        "carol",
        "Legal",
        "carol@corp.example",
        None,
    )
    assert carol.role == User.Role.EMPLOYEE and carol.directory_dn == f"uid=carol,{PEOPLE}"
    assert not carol.has_usable_password()
    made = AuditLog.objects.get(action="accounts.user.create", target_id=str(carol.pk))
    assert made.summary == "directory: role: employee"
    assert (made.actor_label, made.ip_address) == ("system", OFFICE)


def test_an_entry_with_an_empty_value_stores_it_empty(directory):
    carol = identity.user_create_from_directory(entry=entry("carol", department="", position=""))
    carol = User.objects.get(pk=carol.pk)
    assert (carol.department, carol.position) == ("", "")
    assert identity.directory_changes(carol, entry("carol", department="", position="")) == {}


def test_a_new_moderator_from_the_directory_group(directory):
    dora = identity.user_create_from_directory(entry=entry("dora", moderator=True))
    assert User.objects.get(pk=dora.pk).role == User.Role.MODERATOR
    made = AuditLog.objects.get(action="accounts.user.create", target_id=str(dora.pk))
    assert made.summary == "directory: role: moderator"
    directory.LDAP_MODERATOR_GROUP_DN = ""
    erin = identity.user_create_from_directory(entry=entry("erin", moderator=True))
    assert User.objects.get(pk=erin.pk).role == User.Role.EMPLOYEE


def test_the_account_synced_from_a_dn(directory):
    # Two accounts from one DN: the first made (not the first in the usual name order).
    first = UserFactory(username="alice", last_name="Zed", directory_dn=f"uid=alice,{PEOPLE}")
    UserFactory(username="alice2", last_name="Abel", directory_dn=f"uid=alice,{PEOPLE}")
    UserFactory(username="malice", directory_dn=f"uid=malice,{PEOPLE}")
    assert identity.account_for_dn(f"  UID=Alice,{PEOPLE.upper()} ") == first
    assert identity.account_for_dn("uid=alice , ou=people, dc=corp,dc=example") == first
    assert identity.account_for_dn(f"uid=ghost,{PEOPLE}") is None
    assert identity.account_for_dn("uid=alice,ou=others,dc=corp,dc=example") is None


def test_the_account_synced_from_a_dn_with_an_escaped_comma(directory):
    """Active Directory's "CN=Last\\, First": found as stored, capitals ignored."""
    smith = UserFactory(username="jsmith", directory_dn=r"CN=Smith\, John,OU=People,DC=corp")
    assert identity.account_for_dn(r"CN=Smith\, John,OU=People,DC=corp") == smith
    assert identity.account_for_dn(r" cn=smith\, john,ou=people,dc=corp ") == smith


def test_the_account_synced_from_a_loose_dn_is_the_first_made(directory):
    first = UserFactory(
        username="alice", last_name="Zed", directory_dn="uid=Alice, ou=people,dc=corp,dc=example"
    )
    UserFactory(
        username="alice2", last_name="Abel", directory_dn="UID=alice,  ou=People,dc=corp,dc=example"
    )
    assert identity.account_for_dn(f"uid=alice,{PEOPLE}") == first


def test_the_sync_sets_a_manager_with_one_audit_entry(directory, rf):
    boss = UserFactory(username="boss")
    bob = UserFactory(username="bob")
    request = rf.post("/", REMOTE_ADDR=OFFICE)
    assert identity.directory_manager_set(user=bob, manager=boss, request=request) == ""
    assert User.objects.get(pk=bob.pk).manager == boss
    entry_ = AuditLog.objects.get(action="accounts.user.update", target_id=str(bob.pk))
    assert entry_.summary == "directory: manager: '' → 'boss'"
    assert (entry_.actor_label, entry_.ip_address) == ("system", OFFICE)
    # Already so: nothing more.
    assert identity.directory_manager_set(user=bob, manager=boss) == ""
    assert len(audits(bob)) == 1


def test_the_sync_never_sets_an_administrators_manager_nor_a_cycle(directory):
    boss = UserFactory(username="boss")
    root = UserFactory(username="root", role=User.Role.ADMIN)
    assert identity.directory_manager_set(user=root, manager=boss) == (
        "administrator: never changed by the directory"
    )
    bob = UserFactory(username="bob", manager=boss)
    refusal = identity.directory_manager_set(user=boss, manager=bob)
    assert "go round in a circle" in refusal
    assert User.objects.get(pk=root.pk).manager is None
    assert User.objects.get(pk=boss.pk).manager is None
    assert audits(boss) == [] and audits(root) == []
