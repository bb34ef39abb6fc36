"""The deadline rush, for locust (driven by bench/rush.py).

Applicants sign in, open the form, save a draft, upload a 2 MB PDF and submit, once
each; jurors sign in with their second factor and reload their dashboards. Each
client has its own address (X-Forwarded-For, with DJANGO_TRUSTED_PROXY_COUNT=1), as
a real crowd would. (The ceiling runs are wrk's: bench/ceiling.py.)

Environment: RUSH_DATA (from rush_setup.py), RUSH_RESULTS (where the applicants'
successful submits are written), RUSH_PDF, RUSH_JURORS.
"""

import itertools
import json
import os
import threading
from pathlib import Path

import urllib3
from locust import HttpUser, between, constant, events, task
from portal_client import csrf_of, sign_in

urllib3.disable_warnings()  # the benchmark's self-signed certificate

DATA = json.loads(Path(os.environ["RUSH_DATA"]).read_text())
PDF_2MB = None
_lock = threading.Lock()
_applicants = iter(DATA["applicants"])
_jurors = itertools.cycle(DATA["jurors"])
_addresses = itertools.count(1)
SUBMITTED = []


def pdf_2mb():
    """A valid one-page PDF padded to about 2 MB with a comment before its end (stays a
    valid PDF; nothing may follow ``%%EOF``)."""
    global PDF_2MB
    if PDF_2MB is None:
        base = Path(os.environ["RUSH_PDF"]).read_bytes()
        end = base.rindex(b"startxref")
        PDF_2MB = base[:end] + b"%" + b"0" * (2 * 1024 * 1024 - len(base)) + b"\n" + base[end:]
    return PDF_2MB


class PortalUser(HttpUser):
    abstract = True

    def on_start(self):
        self.client.verify = False
        number = next(_addresses)
        self.client.headers["X-Forwarded-For"] = (
            f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        )

    def post_form(self, url, data, name, files=None, referer=None):
        page = self.client.get(url, name=f"{name} (form)")
        data = {"csrfmiddlewaretoken": csrf_of(page.text), **data}
        return self.client.post(
            url,
            data=data,
            files=files,
            name=name,
            headers={"Referer": referer or self.host + url},
            allow_redirects=False,
        )

    def sign_in(self, email):
        return sign_in(self.post_form, email, DATA["password"], DATA["totp"])


class Applicant(PortalUser):
    wait_time = constant(0)

    def on_start(self):
        super().on_start()
        with _lock:
            self.draft = next(_applicants, None)

    @task
    def apply(self):
        if self.draft is None or not self.sign_in(self.draft["email"]):
            self.stop()
            return
        base = f"/en/applications/{self.draft['public_id']}"
        self.client.get(f"{base}/sme/", name="open the form")
        self.post_form(
            f"{base}/origin/",
            {"origin-heard_via": "website", "origin-heard_via_detail": "Rush", "save_and_stay": "1"},
            "save a draft",
        )
        self.post_form(
            f"{base}/attachments/",
            {"kind": "quotation"},
            "upload 2 MB",
            files={"file": ("quotation.pdf", pdf_2mb(), "application/pdf")},
        )
        response = self.post_form(f"{base}/submit/", {}, "submit")
        if response.status_code == 302 and response.headers.get("Location", "").endswith(f"{base}/"):
            with _lock:
                SUBMITTED.append(self.draft["public_id"])
        self.stop()


class Juror(PortalUser):
    wait_time = between(0.5, 1.5)
    fixed_count = int(os.environ.get("RUSH_JURORS", "10"))

    def on_start(self):
        super().on_start()
        self.signed_in = self.sign_in(next(_jurors)["email"])

    @task
    def dashboard(self):
        self.client.get("/en/jury/", name="juror dashboard")


@events.quitting.add_listener
def write_results(environment, **kwargs):
    Path(os.environ["RUSH_RESULTS"]).write_text(json.dumps(SUBMITTED))
