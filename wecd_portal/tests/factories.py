import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group

from wecd_portal.accounts.models import User
from wecd_portal.accounts.roles import APPLICANT, CLUSTER_LIAISON, JUROR, STAFF, grant_role_permissions

PASSWORD = "correct-horse-battery-staple"
# The TOTP secret of the test staff, liaisons and jurors (two-factor is required for them).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=TOTP_SECRET):
    """The code an authenticator app shows now."""

    if 30 - time.time() % 30 < 2:
        time.sleep(2)  # never a code about to expire while a browser types it
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_totp(user):
    TOTP.activate(user, TOTP_SECRET)
    return user


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
            # get_or_create: transactional tests flush the groups the migration made;
            # a group made again gets its permissions again.
            group, created = Group.objects.get_or_create(name=extracted)
            if created:
                grant_role_permissions()
            self.groups.add(group)


def applicant(**kwargs):
    return UserFactory(role=APPLICANT, **kwargs)


def juror(*, totp=True, **kwargs):
    user = UserFactory(role=JUROR, **kwargs)
    return with_totp(user) if totp else user


def staff_member(*, totp=True, **kwargs):
    user = UserFactory(role=STAFF, is_staff=True, **kwargs)
    return with_totp(user) if totp else user


def cluster_liaison(*, totp=True, **kwargs):
    user = UserFactory(role=CLUSTER_LIAISON, is_staff=True, **kwargs)
    return with_totp(user) if totp else user
