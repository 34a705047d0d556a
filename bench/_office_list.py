"""The member list figures of bench/office.py, measured in pairs: one request on the "one club"
database, the same request on the "many clubs" one, alternately.

Not a benchmark itself (the leading underscore keeps `make bench` from running it). Measuring each
database's list in its own stretch of seconds made the many/one ratio a ratio of two moments of a
shared machine: the same code (the same Python calls per request on both databases) came out at
0.43 in one round and 1.85 in the next. Here a worker process per database serves requests on
command (`serve`, one JSON line per request), and the main process asks them in turn, so both see
the same load; which of the two goes first alternates.

* `serve(slug, queries_counted)`: the worker side (inside Django, on its database): signs in, warms up (the five
  filter sets, counting the SQL statements of each), then answers "list <i>" (filter set i % 5),
  "baseline" and "quit" on stdin.
* `paired(workers, runs)`: the main side: {label: figures} as bench/office.py reports them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

import _clubs

PASSWORD = "bench-passwort-123"
BASELINE_URL = "/admin/mitglieder/abteilungen/"  # the department list (five rows): the admin itself
LIST_URL = "/admin/mitglieder/"


def _variants() -> list[dict]:
    from office.models import Department, FeeGroup

    group = FeeGroup.objects.get(name="Erwachsene").pk
    department = Department.objects.get(name="Fußball").pk
    return [
        {},
        {"status": "active", "fee_group": group},
        {"departments": department, "age_from": 18, "age_to": 65},
        {"open_items": "on", "status": "passive"},
        {"q": "Müller", "p": 2},
    ]


def _answer(**figures) -> None:
    print(json.dumps(figures), flush=True)


def serve(slug: str, queries_counted) -> None:
    """Worker: the member list of club `slug` for its "Vorstand/Kasse" user, on command."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from django_tenants.utils import schema_context

    from sites.clubs.models import Club

    connection.set_schema_to_public()
    club = Club.objects.get(slug=slug)
    with schema_context(club.schema_name):
        user = get_user_model().objects.get(username=f"kasse@{slug}.example")
        variants = _variants()
    connection.set_schema_to_public()
    client = Client(HTTP_HOST=club.primary_hostname)
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, f"login failed: {response.status_code}"
    queries = []
    for params in variants:  # warm-up: templates, caches, first queries
        response = client.get(LIST_URL, params)
        assert response.status_code == 200, f"member list: {response.status_code} for {params}"
        with queries_counted() as count:
            client.get(LIST_URL, params)
        queries.append(count[0])
    assert client.get(BASELINE_URL).status_code == 200
    _answer(ready=True, queries=max(queries))
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] == "quit":
            break
        url, params = (
            (LIST_URL, variants[int(command[1]) % len(variants)]) if command[0] == "list" else (BASELINE_URL, {})
        )
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        _answer(wall=time.perf_counter() - started, cpu=time.process_time() - cpu, status=response.status_code)


def _ask(process: subprocess.Popen, command: str | None) -> dict:
    """Send `command` (None: nothing) and read the worker's next JSON line."""
    if command is not None:
        process.stdin.write(command + "\n")
        process.stdin.flush()
    while True:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"list worker ended before answering {command!r}")
        if line.startswith("{"):
            return json.loads(line)


def paired(workers: dict[str, tuple[list[str], dict]], runs: int) -> dict[str, dict]:
    """`workers`: label → (command, environment) of a worker running `serve`. Figures per label."""
    processes = {
        label: subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for label, (command, env) in workers.items()
    }
    try:
        queries = {label: _ask(process, None)["queries"] for label, process in processes.items()}
        times = {label: [] for label in processes}
        cpu = {label: [] for label in processes}
        baseline = {label: [] for label in processes}
        order = list(processes)
        for i in range(runs):
            for label in order if i % 2 == 0 else order[::-1]:  # who goes first alternates
                answer = _ask(processes[label], f"list {i}")
                assert answer["status"] == 200, answer
                times[label].append(answer["wall"])
                cpu[label].append(answer["cpu"])
                baseline[label].append(_ask(processes[label], "baseline")["wall"])
        for process in processes.values():
            process.stdin.write("quit\n")
            process.stdin.flush()
    finally:
        for process in processes.values():
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
    return {
        label: {
            "member_list_median_ms": statistics.median(times[label]) * 1000,
            "member_list_p95_ms": _clubs.percentile(times[label], 95) * 1000,
            "member_list_cpu_ms": statistics.median(cpu[label]) * 1000,  # the Django process alone
            "member_list_queries": queries[label],
            "admin_baseline_median_ms": statistics.median(baseline[label]) * 1000,
            "member_list_vs_baseline_ratio": statistics.median(times[label]) / statistics.median(baseline[label]),
        }
        for label in processes
    }


def worker_command(script: str, slug: str) -> list[str]:
    return [sys.executable, script, "list", f"--slug={slug}"]


def worker_env(db_name: str, media_root, root) -> dict:
    return {**os.environ, **_clubs.database_env(db_name, media_root), "PYTHONPATH": str(root)}
