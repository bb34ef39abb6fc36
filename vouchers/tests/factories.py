import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from vouchers.models import Call


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


def enterprise_number(seed):
    """A valid, fictional Belgian enterprise number built from an 8-digit seed."""
    first8 = f"{seed:08d}"[-8:]
    check = 97 - int(first8) % 97
    return f"{first8}{check:02d}"


def pdf_bytes(pages=1):
    """A small, valid PDF with blank pages."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()
