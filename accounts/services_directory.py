"""`sync_directory`: the accounts brought in line with the company directory.

A run reads the directory once (`accounts.directory.read_people`), **plans** (pure reads: what
would be created, updated, deactivated, left unchanged or refused, and why), then — unless it is
a dry run — **applies** the plan through the audited services. It never deletes an account and
never touches an administrator; an account leaves only by deactivation, and only an account
that came from the directory (`User.directory_dn`). A person deactivated in the portal stays
deactivated (refused, with the reason). A second run right after the first plans nothing.
One run at a time across machines: `intrasphere.locks.job_lock("sync-directory")`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from accounts import directory, services, services_identity
from accounts.models import User, reporting_cycle_refusal
from intrasphere.locks import job_lock

CREATED, UPDATED, DEACTIVATED, UNCHANGED, REFUSED = (
    "created",
    "updated",
    "deactivated",
    "unchanged",
    "refused",
)
# The second pass (`LDAP_MANAGER_ATTR`): each person's manager, once everyone exists.
MANAGER_SET, MANAGER_REFUSED, MANAGER_SKIPPED = "manager set", "manager refused", "manager skipped"
KINDS = (
    CREATED,
    UPDATED,
    DEACTIVATED,
    UNCHANGED,
    REFUSED,
    MANAGER_SET,
    MANAGER_REFUSED,
    MANAGER_SKIPPED,
)
LOCK = "sync-directory"


class SyncAlreadyRunning(Exception):
    """Another run holds the lock."""


@dataclass
class Action:
    kind: str
    username: str
    detail: str = ""
    user: User | None = None
    entry: directory.Entry | None = None


@dataclass
class Report:
    actions: list[Action] = field(default_factory=list)
    dry_run: bool = False

    @property
    def counts(self) -> Counter:
        return Counter(dict.fromkeys(KINDS, 0)) + Counter(a.kind for a in self.actions)

    @property
    def nothing_to_do(self) -> bool:
        changes = (CREATED, UPDATED, DEACTIVATED, MANAGER_SET)
        return not any(a.kind in changes for a in self.actions)

    def summary(self) -> str:
        counts = self.counts
        return ", ".join(f"{kind}: {counts[kind]}" for kind in KINDS)


def _describe(changes: dict) -> str:
    return ", ".join(f"{name}: {old!r} → {new!r}" for name, (old, new) in changes.items())


def _plan_entry(entry: directory.Entry, user: User | None) -> Action:
    if user is None:
        refusal = services_identity.directory_refusal(entry)
        if refusal:
            return Action(REFUSED, entry.username or entry.dn, refusal, entry=entry)
        return Action(CREATED, entry.username, entry=entry)
    if user.is_superuser or user.role == User.Role.ADMIN:
        return Action(REFUSED, user.username, "administrator: never changed by the directory")
    if not user.is_active:
        return Action(REFUSED, user.username, "deactivated in the portal: activate it there")
    changes = services_identity.directory_changes(user, entry)
    if not changes:
        return Action(UNCHANGED, user.username)
    return Action(UPDATED, user.username, _describe(changes), user=user, entry=entry)


def plan(entries: list[directory.Entry]) -> list[Action]:
    """What a run would do; reads only."""
    users = {u.username.casefold(): u for u in User.objects.all()}
    actions, seen = [], set()
    for entry in entries:
        key = entry.username.casefold()
        if entry.disabled:
            continue  # disabled in Active Directory: as if it had left
        if key and key in seen:
            actions.append(Action(REFUSED, entry.username, f"second entry with it: {entry.dn}"))
            continue
        seen.add(key)
        actions.append(_plan_entry(entry, users.get(key)))
    leavers = (
        User.objects.filter(is_active=True, is_superuser=False)
        .exclude(directory_dn="")
        .exclude(role=User.Role.ADMIN)
        .order_by("username")
    )
    for user in leavers:
        if user.username.casefold() not in seen:
            actions.append(Action(DEACTIVATED, user.username, "no longer in the directory", user))
    return actions


def _apply(action: Action) -> Action:
    if action.kind == CREATED:
        user = services_identity.user_create_from_directory(entry=action.entry)
        if user is None:
            return Action(REFUSED, action.username, "the entry cannot make an account")
    elif action.kind == UPDATED:
        services_identity.user_update_from_directory(user=action.user, entry=action.entry)
    elif action.kind == DEACTIVATED:
        services.user_deactivate(actor=None, user=action.user)
    return action


def _manager_accounts(entries: list[directory.Entry], synced: set[str], dry_run: bool) -> dict:
    """DN key → the account synced from it; in a dry run, the entries to be created count (as
    their username: the account does not exist yet)."""
    accounts = {
        directory.dn_key(user.directory_dn): user
        for user in User.objects.exclude(directory_dn="").select_related("manager")
    }
    if dry_run:
        users = {u.username.casefold(): u for u in User.objects.select_related("manager")}
        for entry in entries:
            key = entry.username.casefold()
            if key in synced:
                accounts[directory.dn_key(entry.dn)] = users.get(key, entry.username)
    return accounts


def _plan_manager(entry: directory.Entry, accounts: dict, dry_run: bool) -> Action | None:
    person = accounts.get(directory.dn_key(entry.dn))
    if person is None:
        return None  # no account made from the entry (refused above)
    username = person if isinstance(person, str) else person.username
    manager = accounts.get(directory.dn_key(entry.manager_dn))
    if manager is None:
        return Action(MANAGER_SKIPPED, username, f"no account synced from {entry.manager_dn}")
    if isinstance(person, str) or isinstance(manager, str):
        name = manager if isinstance(manager, str) else manager.username
        return Action(MANAGER_SET, username, f"manager: '' → {name!r}")  # dry run: new people
    if person.manager_id == manager.pk:
        return None
    before = person.manager.username if person.manager_id else ""
    if dry_run:
        refusal = reporting_cycle_refusal(person, manager.pk)
    else:
        refusal = services_identity.directory_manager_set(user=person, manager=manager)
    if refusal:
        return Action(MANAGER_REFUSED, username, f"manager {manager.username!r}: {refusal}")
    return Action(MANAGER_SET, username, f"manager: {before!r} → {manager.username!r}")


def plan_managers(entries: list[directory.Entry], done: list[Action], dry_run: bool):
    """The second pass: each synced person's manager from the `LDAP_MANAGER_ATTR` DN, once every
    account exists (the entries' order does not matter). An unknown DN is skipped, a reporting
    cycle refused (reported, never raised). Applied as it goes unless `dry_run`."""
    if not settings.LDAP_MANAGER_ATTR:
        return
    synced = {a.username.casefold() for a in done if a.kind in (CREATED, UPDATED, UNCHANGED)}
    accounts = _manager_accounts(entries, synced, dry_run)
    seen = set()
    for entry in entries:
        key = entry.username.casefold()
        if entry.manager_dn and key in synced and key not in seen and not entry.disabled:
            seen.add(key)
            action = _plan_manager(entry, accounts, dry_run)
            if action is not None:
                yield action


def directory_sync(*, dry_run: bool = False, progress: Callable[[Action], None] | None = None):
    """Plan and (unless `dry_run`) apply. Raises `directory.DirectoryUnavailable` or
    `SyncAlreadyRunning`; nothing is changed then."""
    with job_lock(LOCK) as acquired:
        if not acquired:
            raise SyncAlreadyRunning
        report = Report(dry_run=dry_run)
        entries = directory.read_people()
        for action in plan(entries):
            done = action if dry_run else _apply(action)
            report.actions.append(done)
            if progress is not None:
                progress(done)
        for done in plan_managers(entries, list(report.actions), dry_run):
            report.actions.append(done)
            if progress is not None:
                progress(done)
        return report
