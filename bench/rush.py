"""The deadline-rush benchmark: the production-like stack on this machine, loaded
with locust, then the figures (make bench; never part of make test).

Starts: PostgreSQL database `wecd_bench` (made afresh), Redis database 14, clamd,
gunicorn over TLS (a self-signed certificate), one Celery worker; all with the
production settings. Measures:
1. the ceiling (bench/ceiling.py, with wrk): requests per second and server CPU per
   request of a minimal Django view (/ping) and of the public, applicant and juror
   pages, each alone, same server, same connection count;
2. the rush: N applicants (sign in, open the form, save a draft, upload 2 MB,
   submit) while J jurors reload their dashboards;
3. lost submissions: successful submits seen by the clients against submitted rows
   in the database (must be equal).

Usage: python bench/rush.py [applicants=100] [jurors=10]
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import ceiling
import psycopg2
import redis

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
PORT = 8443
DATABASE = "wecd_bench"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "wecd_portal.settings.production",
    "DJANGO_SECRET_KEY": "bench-" + "Zq8vN3xL7pR2mT5wK9cY4bH6jD1fG0sA" * 2,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
    "DJANGO_CONN_MAX_AGE": "60",
    "REDIS_URL": "redis://127.0.0.1:6379/14",
    "REDIS_CACHE_URL": "redis://127.0.0.1:6379/13",
    "EMAIL_URL": "dummymail://",
    "DEFAULT_FROM_EMAIL": "bench@wallonie-design.be",
    "WECD_CLAMD_URL": "tcp://127.0.0.1:3310",
    "DJANGO_TRUSTED_PROXY_COUNT": "1",
    "DJANGO_MEDIA_ROOT": str(OUT / "private"),
    "DJANGO_STATIC_ROOT": str(OUT / "static"),
    "DJANGO_LOG_LEVEL": "WARNING",
    "PYTHONPATH": str(ROOT),
}


def run(*args, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=ENV, check=True, **kwargs)


def prepare(applicants, jurors):
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    run(str(ROOT / "scripts" / "clamd-start"))
    connection = psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    connection.close()
    for database in (13, 14):
        redis.Redis(db=database).flushdb()
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        str(OUT / "key.pem"),
        "-out",
        str(OUT / "cert.pem"),
        capture_output=True,
    )
    run(str(BIN / "python"), "manage.py", "migrate", "--no-input", stdout=subprocess.DEVNULL)
    run(str(BIN / "python"), "manage.py", "collectstatic", "--no-input", stdout=subprocess.DEVNULL)
    run(str(BIN / "python"), "bench/rush_setup.py", str(applicants), str(jurors), str(OUT / "data.json"))


def start_stack():
    cores = os.cpu_count() or 2
    web = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "wecd_portal.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            # Threads keep TLS connections alive: a sync worker pays a handshake per request.
            "--workers",
            str(cores + 1),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--keep-alive",
            "5",
            "--timeout",
            "60",
            "--certfile",
            str(OUT / "cert.pem"),
            "--keyfile",
            str(OUT / "key.pem"),
        ],
        cwd=ROOT,
        env=ENV,
        stdout=(OUT / "gunicorn.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [str(BIN / "celery"), "-A", "wecd_portal", "worker", "--concurrency=1", "--loglevel=WARNING"],
        cwd=ROOT,
        env=ENV,
        stdout=(OUT / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    import requests
    import urllib3

    urllib3.disable_warnings()
    for _ in range(60):
        try:
            if requests.get(f"https://127.0.0.1:{PORT}/ping", verify=False, timeout=2).status_code == 200:
                return web, worker
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SystemExit("gunicorn did not answer; see var/bench/gunicorn.log")


def locust(users, seconds):
    prefix = OUT / "rush"
    env = {
        **ENV,
        "RUSH_DATA": str(OUT / "data.json"),
        "RUSH_RESULTS": str(OUT / "submitted.json"),
        "RUSH_PDF": str(OUT / "base.pdf"),
        "RUSH_JURORS": str(JURORS),
    }
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            "bench/locustfile.py",
            "--headless",
            "--host",
            f"https://127.0.0.1:{PORT}",
            "-u",
            str(users),
            "-r",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=(OUT / "locust-rush.log").open("wb"),
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


JURORS = 10


def ceiling_pages(base):
    """(name, path, cookie) of the pages the ceiling measures, signed in as the
    ceiling's own applicant and juror."""
    data = json.loads((OUT / "data.json").read_text())
    applicant, juror = data["ceiling"]["applicant"], data["ceiling"]["juror"]
    as_applicant = ceiling.signed_in_cookie(base, applicant["email"], data["password"])
    as_juror = ceiling.signed_in_cookie(base, juror["email"], data["password"], data["totp"])
    application = f"/en/applications/{applicant['public_id']}"
    return [
        ("minimal view (/ping)", "/ping", None),
        ("home page (anonymous)", "/en/", None),
        ("FAQ (anonymous)", "/en/faq/", None),
        ("signed in, layout only (my data)", "/en/my-data/", as_applicant),
        ("my applications", "/en/applications/", as_applicant),
        ("application page", f"{application}/", as_applicant),
        ("form: the SME (19 fields, 1 table)", f"{application}/sme/", as_applicant),
        ("form: the project (7 fields, 2 tables)", f"{application}/project/", as_applicant),
        ("form: budget (4 fields)", f"{application}/budget/", as_applicant),
        ("attachments", f"{application}/attachments/", as_applicant),
        ("review and submit", f"{application}/submit/", as_applicant),
        ("juror dashboard", "/en/jury/", as_juror),
    ]


def main(applicants=100, jurors=10):
    global JURORS
    JURORS = jurors
    prepare(applicants, jurors)
    web, worker = start_stack()
    base = f"https://127.0.0.1:{PORT}"
    try:
        limits = ceiling.measure(base, ceiling_pages(base), web.pid)
        rush = locust(applicants + jurors, 90)
        time.sleep(5)  # the worker sends the last confirmations
    finally:
        for process in (web, worker):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    submitted_clients = len(json.loads((OUT / "submitted.json").read_text()))
    connection = psycopg2.connect(dbname=DATABASE, user="postgres", host="127.0.0.1")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM vouchers_application a JOIN vouchers_call c ON c.id = a.call_id "
            "WHERE c.slug = 'bench-rush' AND a.status = 'submitted'"
        )
        submitted_rows = cursor.fetchone()[0]
        cursor.execute("SELECT status, count(*) FROM notifications_outboxmessage GROUP BY status")
        outbox = dict(cursor.fetchall())
    connection.close()
    print(
        f"Machine: {os.cpu_count()} cores; gunicorn {(os.cpu_count() or 2) + 1} workers x 4 threads over TLS;"
        " 1 Celery worker; wrk and locust on the same machine"
    )
    minimal = limits[0]
    print("Ceiling (wrk, 12 connections, 3 rounds of 8 s per page, medians)")
    print(f"{'page':<40}{'req/s':>8}{'ratio':>7}{'CPU ms':>8}{'ratio':>7}{'failed':>8}")
    for row in limits:
        print(
            f"{row['name']:<40}{row['rate']:>8.1f}{row['rate'] / minimal['rate']:>7.2f}"
            f"{row['cpu_ms']:>8.2f}{minimal['cpu_ms'] / row['cpu_ms']:>7.2f}{row['errors']:>8}"
        )
    print(f"Rush: {applicants} applicants and {jurors} jurors, 90 s")
    print(f"{'step':<28}{'requests':>9}{'failures':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for row in rush:
        print(
            f"{row['Name']:<28}{row['Request Count']:>9}{row['Failure Count']:>9}{float(row['Requests/s']):>8.1f}"
            f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )
    print(
        f"Submissions: {submitted_clients} succeeded for the clients, {submitted_rows} submitted in the database; "
        f"lost: {submitted_clients - submitted_rows if submitted_rows <= submitted_clients else 0}"
    )
    print(f"Outbox after the run: {outbox}")


if __name__ == "__main__":
    main(*(int(value) for value in sys.argv[1:]))
