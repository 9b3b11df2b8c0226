"""Demo people: the prototype's three accounts (weak passwords on purpose)."""

from accounts.models import User

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
    return people
