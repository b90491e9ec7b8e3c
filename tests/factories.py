"""Factories shared by every app's tests. App-specific ones live beside their tests."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.models import Person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.uk")
    password = factory.django.Password("pw-for-tests-only")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional tests flush the groups the migration made.
            self.groups.set([Group.objects.get_or_create(name=name)[0] for name in extracted])


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="en_GB")
    kind = Person.Kind.OFFICER
    email = factory.Faker("email")
