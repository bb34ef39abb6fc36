"""The embedded default email backend: each message is a file under var/mail/ and
is also printed, so a local run shows what would have been sent."""

import sys

from django.core.mail.backends.filebased import EmailBackend as FileBasedBackend


class FileAndConsoleEmailBackend(FileBasedBackend):
    def write_message(self, message):
        super().write_message(message)
        text = message.message().as_bytes().decode("utf-8", errors="replace")
        sys.stdout.write(f"{text}\n{'-' * 79}\n")
        sys.stdout.flush()
