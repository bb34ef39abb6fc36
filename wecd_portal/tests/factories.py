import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from wecd_portal.accounts.models import User
from wecd_portal.accounts.roles import APPLICANT, CLUSTER_LIAISON, JUROR, STAFF

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.be")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Dupont{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional tests flush the groups the migration made.
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


def applicant(**kwargs):
    return UserFactory(role=APPLICANT, **kwargs)


def juror(**kwargs):
    return UserFactory(role=JUROR, **kwargs)


def staff_member(**kwargs):
    return UserFactory(role=STAFF, is_staff=True, **kwargs)


def cluster_liaison(**kwargs):
    return UserFactory(role=CLUSTER_LIAISON, is_staff=True, **kwargs)
