"""The systemd units in deploy/systemd, tried here without systemd running: each
verifies (systemd-analyze, with its command present in this checkout), and each
unit's own ExecStart, under the production settings, starts, answers and stops as
the unit says — gunicorn tells systemd it is ready, a reload (SIGHUP, the rolling
deploy on a host) replaces every worker without failing a request, SIGTERM stops
each process cleanly within the unit's TimeoutStopSec."""

import os
import shlex
import shutil
import signal
import socket
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from django.db import connection

from wecd_portal.beat_lock import LOCK_KEY
from wecd_portal.tests.celery_helpers import wait_for
from wecd_portal.tests.production_env import PRODUCTION_ENV

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db]

BASE_DIR = Path(__file__).resolve().parents[2]
UNITS = BASE_DIR / "deploy" / "systemd"
INSTALLED_AT = "/srv/wecd/app"
HOST = "cheques.wallonie-design.example.be"


def unit_text(name, env_file):
    """The unit as installed in this checkout: its paths pointed here."""
    return (
        (UNITS / name)
        .read_text()
        .replace(INSTALLED_AT, str(BASE_DIR))
        .replace("/etc/wecd/portal.env", str(env_file))
    )


def unit_setting(text, key):
    values = [line.split("=", 1)[1] for line in text.splitlines() if line.startswith(f"{key}=")]
    assert len(values) == 1, f"{key} is set {len(values)} times"
    return values[0]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def production_env(tmp_path, private_redis):
    """What /etc/wecd/portal.env gives a host, pointed at this test's services."""
    database = connection.settings_dict
    values = {
        **PRODUCTION_ENV,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": private_redis.url,
        "DJANGO_MEDIA_ROOT": str(tmp_path / "private"),
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
    }
    env_file = tmp_path / "portal.env"
    env_file.write_text("".join(f"{key}={value}\n" for key, value in values.items()))
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "WECD_"))
    }
    return env_file, {**environment, **values, "DJANGO_SETTINGS_MODULE": "wecd_portal.settings.production"}


def start_unit(name, env_file, environment, log, replace=()):
    """The unit's ExecStart, with its environment, as systemd would run it."""
    text = unit_text(name, env_file)
    command = unit_setting(text, "ExecStart")
    for old, new in replace:
        assert old in command, f"{old} is not in {name}'s ExecStart"
        command = command.replace(old, new)
    assert "Environment=DJANGO_SETTINGS_MODULE=wecd_portal.settings.production\n" in text
    process = subprocess.Popen(
        shlex.split(command),
        cwd=unit_setting(text, "WorkingDirectory"),
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return text, process


def stop_within_unit_timeout(text, process):
    process.send_signal(getattr(signal, unit_setting(text, "KillSignal")))
    return process.wait(timeout=int(unit_setting(text, "TimeoutStopSec")))


def test_every_unit_verifies_with_its_command_present(tmp_path):
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: apt-get install systemd (.ci/run does)"
    env_file = tmp_path / "portal.env"
    env_file.write_text((UNITS / "portal.env.example").read_text())
    names = sorted(path.name for path in UNITS.iterdir() if path.suffix in {".service", ".target"})
    for name in names:
        (tmp_path / name).write_text(unit_text(name, env_file))

    result = subprocess.run(
        [analyze, "verify", *(str(tmp_path / name) for name in names)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert names == ["wecd-beat.service", "wecd-web.service", "wecd-worker.service", "wecd.target"]
    assert (result.returncode, result.stderr) == (0, "")


def test_the_web_unit_tells_systemd_it_is_ready_reloads_without_a_failed_request_and_stops(
    tmp_path, production_env
):
    env_file, environment = production_env
    port = free_port()
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    notify.settimeout(60)
    log = tmp_path / "web.log"
    text, master = start_unit(
        "wecd-web.service",
        env_file,
        {**environment, "NOTIFY_SOCKET": str(tmp_path / "notify")},
        log,
        replace=[("127.0.0.1:8000", f"127.0.0.1:{port}")],
    )
    statuses, stop = [], threading.Event()

    def load():
        request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": HOST})
        while not stop.is_set():
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  (http://127.0.0.1 only)
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
            except OSError as error:
                statuses.append(type(error).__name__)

    try:
        assert unit_setting(text, "Type") == "notify"
        assert b"READY=1" in notify.recv(4096), log.read_text()
        assert wait_for(lambda: len(psutil.Process(master.pid).children()) == 3, timeout=60)  # --workers 3
        before = {child.pid for child in psutil.Process(master.pid).children()}
        loader = threading.Thread(target=load)
        loader.start()
        assert wait_for(lambda: len(statuses) >= 20, timeout=60), log.read_text()

        assert unit_setting(text, "ExecReload") == "/bin/kill -s HUP $MAINPID"
        master.send_signal(signal.SIGHUP)
        replaced = wait_for(
            lambda: (
                {child.pid for child in psutil.Process(master.pid).children()}.isdisjoint(before)
                and len(psutil.Process(master.pid).children()) == 3
            ),
            timeout=90,
        )
        served_during_reload = len(statuses)
        assert wait_for(lambda: len(statuses) >= served_during_reload + 20, timeout=60)
        stop.set()
        loader.join(timeout=60)

        assert replaced, log.read_text()
        assert set(statuses) == {200}, log.read_text()
        assert stop_within_unit_timeout(text, master) == 0
    finally:
        stop.set()
        notify.close()
        if master.poll() is None:
            master.kill()
            master.wait()


def test_the_worker_unit_starts_under_production_settings_and_stops_warm(tmp_path, production_env):
    env_file, environment = production_env
    log = tmp_path / "worker.log"
    text, worker = start_unit("wecd-worker.service", env_file, environment, log)
    try:
        assert wait_for(lambda: " ready." in log.read_text(), timeout=90), log.read_text()
        assert "concurrency: 2 (prefork)" in log.read_text()

        assert stop_within_unit_timeout(text, worker) == 0
        assert "worker: Warm shutdown" in log.read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def test_the_beat_unit_takes_the_lock_and_gives_it_back_when_stopped(tmp_path, production_env, private_redis):
    env_file, environment = production_env
    log = tmp_path / "beat.log"
    text, beat = start_unit(
        "wecd-beat.service",
        env_file,
        environment,
        log,
        replace=[("/var/lib/wecd/beat/", f"{tmp_path}/")],
    )
    try:
        assert unit_setting(text, "StateDirectory") == "wecd/beat"
        assert wait_for(lambda: private_redis.client.get(LOCK_KEY) is not None, timeout=90), log.read_text()
        assert private_redis.client.get(LOCK_KEY).decode().endswith(f":{beat.pid}")

        assert stop_within_unit_timeout(text, beat) == 0
        assert private_redis.client.get(LOCK_KEY) is None  # a restart starts at once
        assert any(tmp_path.glob("celerybeat-schedule*"))  # the schedule file where the unit says
    finally:
        if beat.poll() is None:
            beat.kill()
            beat.wait()
