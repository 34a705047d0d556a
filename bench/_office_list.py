"""The measurements of bench/office.py taken in pairs: each on the "one club" database and then on the
"many clubs" one (or the other way round), request by request and run by run.

Not a benchmark itself (the leading underscore keeps `make bench` from running it). Measuring each
database in its own stretch of seconds made a many/one ratio a ratio of two moments of a shared
machine: the member list, the same code with the same Python calls per request on both databases,
came out at 0.43 in one round and 1.85 in the next; the small debit run between 0.83 and 1.42. Here a
worker process per database serves measurements on command (`serve`, one JSON line each), and the
main process asks the two in turn (`Pair`), so both see the same load; which goes first alternates.

* `serve(slug, queries_counted, commands)`: the worker side (inside Django, on its database): signs
  in to club `slug`'s admin, warms the member list up (the five filter sets, counting the SQL
  statements of each), then answers on stdin: "list <i>" (filter set i % 5), "baseline", "quit", and
  each name of `commands` (a function returning figures).
* `Pair(workers)`: the main side; `ask(command)` asks both workers, `member_list(runs)` gives the
  list's figures per database as bench/office.py reports them.
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


def _answer(figures: dict) -> None:
    print(json.dumps(figures), flush=True)


def serve(slug: str, queries_counted, commands: dict) -> None:
    """Worker: measurements on command, the member list of club `slug` for its "Vorstand/Kasse" user."""
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
    connection.set_schema_to_public()
    _answer({"ready": True, "queries": max(queries)})
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] == "quit":
            break
        if command[0] in ("list", "baseline"):
            url, params = (
                (LIST_URL, variants[int(command[1]) % len(variants)]) if command[0] == "list" else (BASELINE_URL, {})
            )
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url, params)
            _answer(
                {
                    "wall": time.perf_counter() - started,
                    "cpu": time.process_time() - cpu,
                    "status": response.status_code,
                }
            )
        else:
            _answer(commands[command[0]]())


class Pair:
    """Two workers running `serve`, asked in turn. `workers`: label → (command, environment)."""

    def __init__(self, workers: dict[str, tuple[list[str], dict]]):
        self.processes = {
            label: subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            for label, (command, env) in workers.items()
        }
        self.asked = 0
        self.queries = {label: self._read(label)["queries"] for label in self.processes}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for process in self.processes.values():
            try:
                process.stdin.write("quit\n")
                process.stdin.flush()
                process.wait(timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()

    def _read(self, label: str) -> dict:
        while True:
            line = self.processes[label].stdout.readline()
            if not line:
                raise RuntimeError(f"the {label} worker ended (see its output above)")
            if line.startswith("{"):
                return json.loads(line)

    def ask_one(self, label: str, command: str) -> dict:
        self.processes[label].stdin.write(command + "\n")
        self.processes[label].stdin.flush()
        return self._read(label)

    def ask(self, command: str) -> dict[str, dict]:
        """Both workers, one after the other; which goes first alternates from one call to the next."""
        labels = list(self.processes)
        order = labels if self.asked % 2 == 0 else labels[::-1]
        self.asked += 1
        return {label: self.ask_one(label, command) for label in order}

    def member_list(self, runs: int) -> dict[str, dict]:
        times, cpu, baseline = ({label: [] for label in self.processes} for _ in range(3))
        for i in range(runs):
            for label, answer in self.ask(f"list {i}").items():
                assert answer["status"] == 200, answer
                times[label].append(answer["wall"])
                cpu[label].append(answer["cpu"])
                baseline[label].append(self.ask_one(label, "baseline")["wall"])
        return {
            label: {
                "member_list_median_ms": statistics.median(times[label]) * 1000,
                "member_list_p95_ms": _clubs.percentile(times[label], 95) * 1000,
                "member_list_cpu_ms": statistics.median(cpu[label]) * 1000,  # the Django process alone
                "member_list_queries": self.queries[label],
                "admin_baseline_median_ms": statistics.median(baseline[label]) * 1000,
                "member_list_vs_baseline_ratio": statistics.median(times[label]) / statistics.median(baseline[label]),
            }
            for label in self.processes
        }


def worker_env(db_name: str, media_root, root) -> dict:
    return {**os.environ, **_clubs.database_env(db_name, media_root), "PYTHONPATH": str(root)}
