"""Demo people: the prototype's three accounts (weak passwords on purpose)."""

from accounts.models import EmployeeCategory, Message, User

# Employee categories, for audiences (announcements, mandatory trainings): name → demo users.
DEMO_CATEGORIES = {
    "Managers": ["marie.martin"],
    "Office staff": ["admin"],
    "Field staff": ["pierre.dubois"],
}

DEMO_USERS = [
    {
        "username": "admin",
        "password": "admin123",
        "first_name": "Alice",
        "last_name": "Admin",
        "role": User.Role.ADMIN,
        "employee_id": "EMP001",
        "department": "IT",
        "position": "System administrator",
        "email": "admin@intrasphere.local",
    },
    {
        "username": "marie.martin",
        "password": "marie123",
        "first_name": "Marie",
        "last_name": "Martin",
        "role": User.Role.MODERATOR,
        "employee_id": "EMP002",
        "department": "Human Resources",
        "position": "HR manager",
        "email": "marie.martin@intrasphere.local",
    },
    {
        "username": "pierre.dubois",
        "password": "pierre123",
        "first_name": "Pierre",
        "last_name": "Dubois",
        "role": User.Role.EMPLOYEE,
        "employee_id": "EMP003",
        "department": "Sales",
        "position": "Account executive",
        "email": "pierre.dubois@intrasphere.local",
    },
]


def seed() -> dict[str, User]:
    """Create the demo users once; later runs leave them as they are."""
    people = {}
    for spec in DEMO_USERS:
        spec = dict(spec)
        password = spec.pop("password")
        is_admin = spec["role"] == User.Role.ADMIN
        user, created = User.objects.get_or_create(
            username=spec.pop("username"),
            defaults={**spec, "is_superuser": is_admin, "is_staff": is_admin},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        people[user.username] = user
    seed_categories(people)
    seed_messages(people)
    return people


def seed_categories(people: dict[str, User]) -> None:
    """The demo's employee categories; a demo user without one gets theirs (once)."""
    for name, usernames in DEMO_CATEGORIES.items():
        category, _created = EmployeeCategory.objects.get_or_create(name=name)
        for username in usernames:
            user = people.get(username)
            if user is not None and user.employee_category_id is None:
                user.employee_category = category
                user.save(update_fields=["employee_category"])


DEMO_MESSAGES = [
    {
        "sender": "marie.martin",
        "recipient": "pierre.dubois",
        "subject": "Welcome to the Sales team",
        "body": "Hello Pierre,\n\nWelcome aboard! Your onboarding session is on Monday at 9:00 "
        "in room B2. Bring your ID for your badge.\n\nMarie",
    },
    {
        "sender": "pierre.dubois",
        "recipient": "marie.martin",
        "subject": "Re: Welcome to the Sales team",
        "body": "Thank you Marie, I will be there on Monday.\n\nPierre",
        "parent": "Welcome to the Sales team",
    },
    {
        "sender": "admin",
        "recipient": "marie.martin",
        "subject": "New intranet portal",
        "body": "Hi Marie,\n\nThe new portal is live. Could you check the HR pages "
        "before we announce it to everyone?\n\nAlice",
    },
]


def seed_messages(people: dict[str, User]) -> list[Message]:
    """A short demo conversation; a message already there (same people, subject) is kept."""
    created = {}
    for spec in DEMO_MESSAGES:
        parent = created.get(spec.get("parent", ""))
        message, _new = Message.objects.get_or_create(
            sender=people[spec["sender"]],
            recipient=people[spec["recipient"]],
            subject=spec["subject"],
            defaults={"body": spec["body"], "parent": parent},
        )
        created[spec["subject"]] = message
    return list(created.values())


# One demo delegation, given only when its right exists (its module is installed).
DEMO_GRANTS = [("marie.martin", "content.manage_announcements")]


def seed_grants(people: dict[str, User]) -> list:
    """Give the demo delegations once; later runs, or a missing right, change nothing."""
    from accounts.models import PermissionGrant
    from accounts.permissions import available_rights
    from accounts.services import permission_grant

    admin = people.get("admin")
    existing = {right.perm for right, _permission in available_rights()}
    grants = []
    for username, perm in DEMO_GRANTS:
        user = people.get(username)
        if admin is None or user is None or perm not in existing:
            continue
        app_label, codename = perm.split(".")
        held = PermissionGrant.objects.active().filter(
            user=user,
            permission__content_type__app_label=app_label,
            permission__codename=codename,
            scope_type__isnull=True,
        )
        if not held.exists():
            grants.append(permission_grant(actor=admin, user=user, codename=perm))
    return grants
