"""Prepare the deadline-rush benchmark's data (run by bench/rush.py, under the
production settings, against the benchmark database).

N applicants, each with a complete draft but its provider's quotation (which the
load test uploads), in a call open now; J jurors with two-factor authentication,
each assigned to applications of another, already closed call.
One more applicant and one more juror are the ceiling's (bench/ceiling.py): their
pages are measured, and the rush never signs them in.
Usage: python bench/rush_setup.py N J OUT.json
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402

from vouchers.demo import complete_application, pdf_bytes  # noqa: E402
from vouchers.jury.criteria import PILOT_CRITERIA  # noqa: E402
from vouchers.jury.services.assignment import assignment_run  # noqa: E402
from vouchers.models import Attachment, Call, Criterion, JuryMember  # noqa: E402
from wecd_portal.accounts.roles import APPLICANT, JUROR  # noqa: E402

PASSWORD = "bench-password-2014"  # noqa: S105 (a throw-away benchmark database)
TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"  # noqa: S105


def user(email, role):
    account = get_user_model().objects.create_user(email=email, password=PASSWORD)
    account.groups.add(Group.objects.get(name=role))
    EmailAddress.objects.create(user=account, email=email, verified=True, primary=True)
    return account


def main(applicants, jurors, out):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    call = Call.objects.create(
        slug="bench-rush",
        name_fr="Appel – rush",
        name_en="Call – rush",
        opens_at=now - dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=1),
        voucher_amount=6000,
        voucher_count=10,
        reference_prefix="RUSH",
    )
    drafts = []
    for index in range(applicants + 1):
        owner = user(f"applicant{index}@bench.example", APPLICANT)
        application = complete_application(call=call, owner=owner, seed=50_000 + index)
        # The quotation is what the load test uploads (2 MB): remove the generated one.
        Attachment.objects.filter(application=application, kind="quotation").delete()
        drafts.append({"email": owner.email, "public_id": str(application.public_id)})
    past = Call.objects.create(
        slug="bench-jury",
        name_fr="Appel – jury",
        name_en="Call – jury",
        opens_at=now - dt.timedelta(days=90),
        closes_at=now - dt.timedelta(days=60),
        voucher_amount=6000,
        voucher_count=10,
        reference_prefix="JURY",
        jurors_per_application=2,
    )
    for values in PILOT_CRITERIA:
        Criterion.objects.create(call=past, **values)
    for index in range(20):
        application = complete_application(
            call=past, owner=user(f"past{index}@bench.example", APPLICANT), seed=60_000 + index
        )
        type(application).objects.filter(pk=application.pk).update(
            status="eligible",
            reference=f"JURY-{index + 1:03d}",
            sequence=index + 1,
            submitted_at=past.closes_at,
        )
    members = []
    for index in range(jurors + 1):
        member = user(f"juror{index}@bench.example", JUROR)
        TOTP.activate(member, TOTP_SECRET)
        JuryMember.objects.create(call=past, user=member)
        members.append({"email": member.email})
    assignment_run(call=past)
    Path(out).with_name("base.pdf").write_bytes(pdf_bytes())
    Path(out).write_text(
        json.dumps(
            {
                "password": PASSWORD,
                "totp": TOTP_SECRET,
                "applicants": drafts[:-1],
                "jurors": members[:-1],
                "ceiling": {"applicant": drafts[-1], "juror": members[-1]},
            }
        )
    )


if __name__ == "__main__":
    assert os.environ.get("DJANGO_SETTINGS_MODULE"), "run through bench/rush.py"
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
