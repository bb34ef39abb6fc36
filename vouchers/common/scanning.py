"""Virus scanning with ClamAV's daemon (clamd), over its INSTREAM protocol.

The protocol is a few lines (a length-prefixed stream, one reply line); the Python
clients on PyPI (clamd, pyClamd) are unmaintained since 2016–2017, so it is
written here rather than depended upon.

``WECD_CLAMD_URL`` is ``tcp://host:port`` or ``unix:///path/to/clamd.ctl``; empty
means no scanner (local runs only: production settings require one).
"""

import socket
import struct
from datetime import UTC, datetime
from urllib.parse import urlparse

from django.conf import settings

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd cannot be reached or answered with an error: the file waits in quarantine."""


def scanner_configured():
    return bool(settings.WECD_CLAMD_URL)


def _connect():
    url = urlparse(settings.WECD_CLAMD_URL)
    timeout = settings.WECD_CLAMD_TIMEOUT
    try:
        if url.scheme == "unix":
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(timeout)
            connection.connect(url.path)
        else:
            connection = socket.create_connection((url.hostname, url.port or 3310), timeout=timeout)
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    return connection


def _exchange(*frames):
    """Send ``frames`` to clamd on a new connection; its answer, NUL-terminated, as text.

    Raises ScannerUnavailable when clamd is down or the connection breaks."""
    connection = _connect()
    try:
        for frame in frames:
            connection.sendall(frame)
        reply = b""
        while not reply.endswith(b"\0"):
            data = connection.recv(4096)
            if not data:
                break
            reply += data
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    finally:
        connection.close()
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def _instream_frames(content):
    yield b"zINSTREAM\0"
    for start in range(0, len(content), CHUNK):
        chunk = content[start : start + CHUNK]
        yield struct.pack("!L", len(chunk)) + chunk
    yield struct.pack("!L", 0)


def scan_bytes(content):
    """The signature found in ``content``, or None when clean.

    Raises ScannerUnavailable when clamd is down, times out or reports an error.
    """
    answer = _exchange(*_instream_frames(content))
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream:").removesuffix(" FOUND").strip()
    if answer.endswith(" OK"):
        return None
    raise ScannerUnavailable(answer or "no answer")


def scanner_signatures():
    """(engine, signature database version, its publication time in UTC) from clamd's
    VERSION answer, ``ClamAV 1.4.6/27480/Wed Dec  2 08:23:42 2026``; the version and
    time are None when clamd runs without the official database (only local
    signatures). Raises ScannerUnavailable when clamd does not answer."""
    engine, _, rest = _exchange(b"zVERSION\0").partition("/")
    version, _, published = rest.partition("/")
    try:
        when = datetime.strptime(" ".join(published.split()), "%a %b %d %H:%M:%S %Y").replace(tzinfo=UTC)
    except ValueError:
        return engine.strip(), None, None
    return engine.strip(), version.strip() or None, when
