"""The signed-in person downloads everything the portal holds about them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vouchers.personal_data.services import personal_data_export


@login_required
def my_data(request):
    """GET explains; POST returns the ZIP (a POST, so that no link can trigger it)."""
    if request.method != "POST":
        return render(request, "vouchers/my_data.html")
    archive = personal_data_export(user=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    filename = f"wecd-my-data-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
