import datetime as dt
import io
from decimal import Decimal

import factory
from django.utils import timezone
from PIL import Image

from vouchers.demo import enterprise_number, pdf_bytes  # noqa: F401  (re-exported for tests)
from vouchers.intake.models import Call


class CallFactory(factory.django.DjangoModelFactory):
    """A call open now by default: opened 10 days ago, closes in 20 days."""

    class Meta:
        model = Call

    slug = factory.Sequence(lambda n: f"call-{n}")
    name_fr = factory.Sequence(lambda n: f"Appel chèques créativité {n}")
    name_en = factory.Sequence(lambda n: f"Creativity voucher call {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    voucher_amount = Decimal("6000")
    voucher_count = 10
    # Who signs the letters and where applicants write (no letter is written without them).
    signatory_name = "Claire Fontaine"
    signatory_title_fr = "Directrice de Wallonie Design"
    signatory_title_en = "Director of Wallonie Design"
    sender_address = "Rue de l’Exemple 12\n4000 Liège"
    sender_phone = "+32 4 220 00 00"
    sender_email = "cheques@wallonie-design.example"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()
