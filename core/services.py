"""Writes for core: people and demo users."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import Person

DEMO_PEOPLE = {
    roles.ADMINISTRATOR: ("Alex Admin", "Systems administrator"),
    roles.PERFORMANCE_OFFICER: ("Pat Performance", "Performance and Intelligence Officer"),
    roles.DATA_OWNER: ("Dana Data", "Data owner, Children's Social Care"),
    roles.RISK_OWNER: ("Ruth Risk", "Risk owner"),
    roles.FINANCE_OFFICER: ("Fin Finance", "Finance Business Partner"),
    roles.COMMITTEE_CLERK: ("Chris Clerk", "Committee Officer"),
    roles.MEMBER: ("Morgan Member", "County Councillor"),
}


@transaction.atomic
def ensure_demo_users(password):
    """One user per role, each linked to a Person; idempotent (resets the password)."""
    User = get_user_model()
    users = {}
    for role, username in roles.DEMO_USERNAMES.items():
        full_name, job_title = DEMO_PEOPLE[role]
        first, last = full_name.split(" ", 1)
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        user.set_password(password)
        user.email = f"{username}@example.gov.uk"
        user.is_staff = role == roles.ADMINISTRATOR
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role)[0]])
        Person.objects.update_or_create(
            user=user,
            defaults={
                "name": full_name,
                "job_title": job_title,
                "email": user.email,
                "kind": Person.Kind.COUNCILLOR if role == roles.MEMBER else Person.Kind.OFFICER,
            },
        )
        users[role] = user
    return users


def get_or_create_person(name, **defaults):
    """Find a person by name (the seeds name people, not users) or create them."""
    person, _ = Person.objects.get_or_create(name=name, defaults=defaults)
    return person
