"""The ceiling: each page's throughput against a minimal Django view (/ping) served
by the same server, measured with wrk (Debian's package) on the running bench stack.

wrk, not locust, drives these runs: it is written in C and barely uses the CPU,
whereas locust on the same two cores capped /ping at about a third of what the
server can answer, which flattered every ratio. For each page the run reports:

- requests per second, the median of the rounds (pages take turns, so a slow
  moment of the machine hits them all alike);
- the server's CPU time per request: the gunicorn processes' user and system time
  over the run, divided by the requests answered. It is the steadier figure:
  throughput varies with whatever else the machine does, the work per request
  does not.

Each page is fetched once with the same cookie before and after each of its runs
and must answer 200 (not a redirect to the sign-in page), so that every figure is
the page itself.
"""

import re
import statistics
import subprocess

import psutil
import requests
from portal_client import csrf_of, sign_in


def signed_in_cookie(base, email, password, totp_secret=None):
    """The Cookie header of a fresh session of ``email`` (second factor included)."""
    session = requests.Session()

    def post_form(path, data, _name):
        page = session.get(base + path, verify=False, timeout=30)
        return session.post(
            base + path,
            data={"csrfmiddlewaretoken": csrf_of(page.text), **data},
            headers={"Referer": base + path},
            allow_redirects=False,
            verify=False,
            timeout=30,
        )

    if not sign_in(post_form, email, password, totp_secret):
        raise SystemExit(f"{email} could not sign in")
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def server_cpu_seconds(processes):
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def wrk(url, cookie, seconds, connections):
    command = ["wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{seconds}s", url]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests_done = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    # Failures: answers other than 2xx/3xx, and requests that timed out.
    failures = sum(
        int(match.group(1))
        for match in (
            re.search(r"Non-2xx or 3xx responses: (\d+)", output),
            re.search(r"Socket errors:.*timeout (\d+)", output),
        )
        if match
    )
    return requests_done, rate, failures


def answers_200(base, name, path, cookie):
    """wrk counts a redirect as a success: a page signed out would measure the
    sign-in redirect. So each page must answer 200 before and after its runs."""
    response = requests.get(
        base + path,
        headers={"Cookie": cookie} if cookie else {},
        verify=False,
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 200:
        raise SystemExit(f"{name} ({path}) answered {response.status_code}, not 200")


def measure(base, pages, web_pid, *, rounds=3, seconds=8, connections=12):
    """``pages``: (name, path, cookie or None). Returns one row per page:
    name, requests per second (median), CPU ms per request (median), errors."""
    for name, path, cookie in pages:
        answers_200(base, name, path, cookie)
    master = psutil.Process(web_pid)
    results = {name: {"rate": [], "cpu_ms": [], "errors": 0} for name, _path, _cookie in pages}
    for _round in range(rounds):
        for name, path, cookie in pages:
            processes = [master, *master.children(recursive=True)]
            before = server_cpu_seconds(processes)
            done, rate, failures = wrk(base + path, cookie, seconds, connections)
            used = server_cpu_seconds(processes) - before
            answers_200(base, name, path, cookie)  # the session held for the whole run
            results[name]["rate"].append(rate)
            results[name]["cpu_ms"].append(used / max(done, 1) * 1000)
            results[name]["errors"] += failures
    return [
        {
            "name": name,
            "rate": statistics.median(results[name]["rate"]),
            "cpu_ms": statistics.median(results[name]["cpu_ms"]),
            "errors": results[name]["errors"],
        }
        for name, _path, _cookie in pages
    ]
