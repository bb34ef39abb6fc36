"""Email backends for tests: fail a set number of times, then deliver to locmem."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

failures_left = {"count": 0}


class FlakyBackend(LocmemBackend):
    def send_messages(self, messages):
        if failures_left["count"] > 0:
            failures_left["count"] -= 1
            raise smtplib.SMTPServerDisconnected("connection dropped by the test")
        return super().send_messages(messages)


outage = {"down": False}


class OutageBackend(LocmemBackend):
    """A mail server that refuses connections while ``outage["down"]``."""

    def send_messages(self, messages):
        if outage["down"]:
            raise smtplib.SMTPConnectError(421, "mail server down (test)")
        return super().send_messages(messages)
