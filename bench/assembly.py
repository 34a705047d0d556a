"""Benchmark of the general assembly through gunicorn (issue #14): 500 members vote on phones.

    .venv/bin/python bench/assembly.py [--members 500] [--spread 55] [--concurrency 40]
                                       [--ballot both|open|secret] [--workers N] [--keep]

Runs on its own database (`bench_assembly` in the embedded PostgreSQL, dropped and made anew; with
DATABASE_URL: used as given). One club is provisioned as an approved registration makes it; its
register gets `--members` members in bulk (bench/_office_data.py), all entitled to vote; an
assembly (hybrid) with a few report items and, per `--ballot`, an ordinary resolution voted
openly and/or one voted secretly; every member is checked in online (bulk, as the board's
check-in list would have them) and the vote is opened by the service (`vote_open`).

gunicorn serves bench/_serve_wsgi.py with bench/_serve_settings.py (production middleware and
settings: DEBUG off, persistent database connections, CSRF; plus the bench-only baseline view
`/_bench/bare`), started as docs/operations.md says: sync workers, 2 × cores (`--workers`).

Each member is one thread doing what a phone does, through the personal link of the invitation:
GET `/_bench/bare` (the baseline, measured in the same moment under the same load), GET the member
page `/versammlung/<token>/`, POST the vote with the form's CSRF token and cookie (yes / no /
abstain, the choice known to the bench), follow the redirect to "Ihre Stimme wurde gezählt"; every
tenth member taps twice: the second POST must be refused (400). The members start spread evenly
over `--spread` seconds, at most `--concurrency` at once. Then the vote is closed by the service
(`vote_close`, as the board's button does) and a member's page is fetched until it shows the
result; finally the minutes are drafted and rendered as PDF (checked with pypdf).

Figures (one JSON object per line, `ballot` says open or secret):
* votes_counted: votes (open: `Vote` rows; secret: voter marks and ballots, which must agree)
  after the run; target == members, with the tally equal to what the phones chose, no member
  twice and every repeated POST refused (`repeat_refused`).
* vote_p95_ms: p95 of the vote POST answers; target <= 200. For reference page_p95_ms (GET of the
  member page, the redirect's page included), answer_p95_ms (all of the member's answers),
  bare_p95_ms, and vote_vs_bare_p95_ratio (the vote's p95 / the bare view's p95 of the same run:
  a figure that means the same on a busy machine); page_alone_p95_ms: the member page requested
  one at a time before the run (the bare view's alongside), the answer without any queue.
* vote_duration_s: from the first member's first request to the last vote counted; target <= 60.
* result_after_close_s: `vote_close` plus a member's page showing the result; target <= 2.
* minutes_pdf_s: the minutes drafted and rendered as PDF (WeasyPrint); target <= 5.
* member_cpu_ms: the gunicorn workers' CPU per member (all of the member's requests; PostgreSQL's
  share not included), with the bare view's CPU per request and how many members per minute all
  cores could serve at that cost: the figure that does not depend on how busy the machine is
  (`vote_duration_s` carries the load average of the run). minutes_pdf_s carries its CPU seconds.
* page_statements / vote_statements: SQL statements of one member page GET / vote POST
  (`SET search_path` included; the most seen, counted by the bench middleware).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import io
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import _clubs  # noqa: E402

ROOT = _clubs.ROOT
emit = _clubs.emitter("assembly")
log = _clubs.log
PORT = int(os.environ.get("BENCH_ASSEMBLY_PORT", "8019"))
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
COUNTED = "Ihre Stimme wurde gezählt.".encode()
COUNT_HEADER = {"X-Bench-Count-Statements": "1"}


# --- the club and its assembly ----------------------------------------------------------------


def prepare(members: int, ballots: list[str]) -> dict:
    """Platform, one club with `members` entitled members, an assembly with one vote item per
    ballot kind, everybody checked in online; the personal links."""
    import _office_data
    from django_tenants.utils import schema_context

    from office.models import Attendance, Member
    from office.models.assembly import Presence
    from office.services import assembly as services
    from sites.clubs.models import Club

    _clubs.platform_ready()
    _clubs.provision_range(1, 1)
    club = Club.objects.get(slug="bench-1")
    host = club.domains.get(is_primary=True).domain
    with schema_context(club.schema_name):
        _office_data.members_load(members)
        assembly = services.assembly_create(
            data={
                "title": "Ordentliche Mitgliederversammlung 2026",
                "held_on": datetime.date.today(),
                "starts_at": datetime.time(19, 0),
                "place": "Vereinsheim, Hauptstraße 1, 12345 Musterstadt",
                "mode": "hybrid",
                "chair": "Erika Beispiel",
                "keeper": "Jan Schreiber",
            }
        )
        for title in ("Begrüßung und Feststellung der Beschlussfähigkeit", "Bericht des Vorstands"):
            services.agenda_item_add(assembly=assembly, data={"title": title, "kind": "report"})
        items = {}
        for ballot in ballots:
            items[ballot] = services.agenda_item_add(
                assembly=assembly,
                data={
                    "title": f"Änderung der Beitragsordnung ({'geheim' if ballot == 'secret' else 'offen'})",
                    "kind": "ordinary",
                    "text": "Die Mitgliederversammlung beschließt die Beitragsordnung in der Fassung der Anlage.",
                    "secret": ballot == "secret",
                },
            )
        entitled = services.entitled_members(assembly)
        if len(entitled) != members:
            raise RuntimeError(f"{len(entitled)} of {members} members entitled to vote")
        Attendance.objects.bulk_create(
            [Attendance(assembly=assembly, member=member, presence=Presence.ONLINE) for member in entitled]
        )
        links = [
            (member.pk, services.assembly_link_token(member=member, assembly=assembly))
            for member in Member.objects.order_by("pk")
        ]
    return {"club": club, "host": host, "assembly": assembly, "items": items, "links": links}


# --- the server ---------------------------------------------------------------------------------


def request(
    method: str, host: str, path: str, *, body: str = "", headers: dict | None = None, timeout: float = 30
) -> tuple[int, dict, bytes, float]:
    """One request on a connection of its own (as a phone's): status, headers, body, seconds."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    fields = {"Host": f"{host}:{PORT}", "Accept-Language": "de", **(headers or {})}
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body.encode() if body else None, headers=fields)
        response = conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data, elapsed
    finally:
        conn.close()


def database_url(db_name: str) -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    from cms import embedded_db

    return embedded_db.embedded_database_url(ROOT / ".data" / "pg", db_name)


def gunicorn_start(env: dict, workers: int, log_path: Path) -> subprocess.Popen:
    """gunicorn as docs/operations.md starts it in production (sync workers, recycled now and then)."""
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "_serve_wsgi:application",
        "--workers",
        str(workers),
        "--max-requests",
        "5000",
        "--max-requests-jitter",
        "500",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()[-3000:]}")
        try:
            if request("GET", "localhost", "/_bench/nodb", timeout=5)[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"gunicorn did not answer:\n{log_path.read_text()[-3000:]}")


def gunicorn_stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


# --- the phones ---------------------------------------------------------------------------------


class Phones:
    """The answers of one vote run, collected from the member threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {"bare": [], "page": [], "vote": [], "repeat": []}
        self.statements: dict[str, list[int]] = {"page": [], "vote": []}
        self.chosen: dict[str, int] = {"yes": 0, "no": 0, "abstain": 0}
        self.failures: list[str] = []
        self.repeat_refused = 0
        self.repeat_tried = 0
        self.last_counted = 0.0

    def took(self, kind: str, seconds: float, headers: dict | None = None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if headers and kind in self.statements and "x-bench-statements" in headers:
                self.statements[kind].append(int(headers["x-bench-statements"]))

    def failed(self, message: str) -> None:
        with self.lock:
            self.failures.append(message)


def phone(phones: Phones, host: str, member_pk: int, token: str, choice: str, repeat: bool) -> None:
    """One member: the baseline, the member page, the vote (CSRF as the page's form), the redirect."""
    path = f"/versammlung/{token}/"
    status, _headers, _body, seconds = request("GET", host, "/_bench/bare")
    phones.took("bare", seconds)
    if status != 200:
        phones.failed(f"bare {status}")
    status, headers, body, seconds = request("GET", host, path, headers=COUNT_HEADER)
    phones.took("page", seconds, headers)
    found = CSRF_FIELD.search(body)
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
    if status != 200 or not found or not cookie or f'name="voter" value="{member_pk}"'.encode() not in body:
        phones.failed(f"member {member_pk}: page {status} without a vote form")
        return
    form = urlencode(
        {"csrfmiddlewaretoken": found.group(1).decode(), "action": "vote", "voter": member_pk, "choice": choice}
    )
    post_headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie.group(1)}",
        "Origin": f"http://{host}:{PORT}",
        "Referer": f"http://{host}:{PORT}{path}",
    }
    status, headers, _body, seconds = request("POST", host, path, body=form, headers={**post_headers, **COUNT_HEADER})
    phones.took("vote", seconds, headers)
    if status != 302 or not headers.get("location", "").endswith("?gezaehlt=1"):
        phones.failed(f"member {member_pk}: vote answered {status}")
        return
    with phones.lock:
        phones.chosen[choice] += 1
        phones.last_counted = max(phones.last_counted, time.perf_counter())
    status, headers, body, seconds = request(
        "GET", host, path + "?gezaehlt=1", headers={"Cookie": post_headers["Cookie"]}
    )
    phones.took("page", seconds)
    if status != 200 or COUNTED not in body:
        phones.failed(f"member {member_pk}: the page after voting answered {status} without 'gezählt'")
    if repeat:  # a double tap: the same form once more
        status, _headers, _body, seconds = request("POST", host, path, body=form, headers=post_headers)
        phones.took("repeat", seconds)
        with phones.lock:
            phones.repeat_tried += 1
            phones.repeat_refused += status == 400
        if status != 400:
            phones.failed(f"member {member_pk}: a repeated vote answered {status}")


def vote_run(host: str, links: list, *, spread: float, concurrency: int, seed: int) -> tuple[Phones, float]:
    """Every member votes once; starts spread evenly over `spread` seconds. The phones and the
    seconds from the first request to the last vote counted."""
    rng = random.Random(seed)
    phones = Phones()
    started = time.perf_counter()
    step = spread / max(1, len(links) - 1)

    def member(index: int, member_pk: int, token: str, choice: str) -> None:
        delay = started + index * step - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        try:
            phone(phones, host, member_pk, token, choice, repeat=index % 10 == 9)
        except (OSError, http.client.HTTPException) as error:
            phones.failed(f"member {member_pk}: {error!r}")

    choices = rng.choices(["yes", "no", "abstain"], weights=[6, 3, 1], k=len(links))
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for index, ((member_pk, token), choice) in enumerate(zip(links, choices, strict=True)):
            pool.submit(member, index, member_pk, token, choice)
    return phones, (phones.last_counted or time.perf_counter()) - started


# --- figures ------------------------------------------------------------------------------------


def p95_ms(values: list[float]) -> float:
    return _clubs.percentile(values, 95) * 1000 if values else 0.0


def workers_cpu_s(server: subprocess.Popen) -> float:
    """CPU seconds (user + system) of gunicorn's workers so far (the master's own excluded)."""
    import psutil

    total = 0.0
    for child in psutil.Process(server.pid).children():
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(child.cpu_times()[:2])
    return total


def one_at_a_time(server: subprocess.Popen, send, count: int) -> tuple[float, float]:
    """`count` requests one after the other (no queue in front of the server): the workers' CPU
    per request and the p95 of the answers, in seconds."""
    before, seconds = workers_cpu_s(server), []
    for n in range(count):
        seconds.append(send(n)[3])
    return (workers_cpu_s(server) - before) / count, _clubs.percentile(seconds, 95)


def measure_ballot(ballot: str, setup: dict, args, server: subprocess.Popen) -> bool:
    """One vote run on the item of `ballot`, its close and the checks; whether every target was met."""
    from django.db import connection

    from django_tenants.utils import schema_context

    from office.models import SecretBallot, Vote, VoterMark
    from office.services import assembly as services

    club, host, links, item = setup["club"], setup["host"], setup["links"], setup["items"][ballot]
    members = len(links)
    with schema_context(club.schema_name):
        services.vote_open(item=item)
    connection.close()
    # Warm-up: every worker has rendered the member page once (a GET changes nothing).
    for _member_pk, token in links[: 4 * args.workers]:
        request("GET", host, f"/versammlung/{token}/")
        request("GET", host, "/_bench/bare")

    bare_cpu, bare_alone = one_at_a_time(server, lambda n: request("GET", host, "/_bench/bare"), 200)
    page_cpu, page_alone = one_at_a_time(
        server, lambda n: request("GET", host, f"/versammlung/{links[n % members][1]}/"), 100
    )
    log(f"{ballot} vote: {members} members over {args.spread:g} s, {args.concurrency} at once")
    cpu_before = workers_cpu_s(server)
    phones, duration = vote_run(host, links, spread=args.spread, concurrency=args.concurrency, seed=args.seed)
    member_cpu = (workers_cpu_s(server) - cpu_before) / members

    closing = time.perf_counter()
    with schema_context(club.schema_name):
        record = services.vote_close(item=item)
    connection.close()
    close_service = time.perf_counter() - closing
    status, _headers, body, _seconds = request("GET", host, f"/versammlung/{links[0][1]}/")
    shown = status == 200 and record.text.encode() in body
    after_close = time.perf_counter() - closing

    with schema_context(club.schema_name):
        if ballot == "secret":
            voters = VoterMark.objects.filter(item=item).count()
            distinct = VoterMark.objects.filter(item=item).values("member").distinct().count()
            counted = SecretBallot.objects.filter(item=item).count()
        else:
            voters = counted = Vote.objects.filter(item=item).count()
            distinct = Vote.objects.filter(item=item).values("member").distinct().count()
    connection.close()
    tally = {"yes": record.yes, "no": record.no, "abstain": record.abstain}
    every_vote_once = (
        counted == voters == distinct == members == record.voters
        and tally == phones.chosen
        and phones.repeat_refused == phones.repeat_tried
        and not phones.failures
    )
    answers = phones.times["page"] + phones.times["vote"] + phones.times["repeat"]
    vote_p95 = p95_ms(phones.times["vote"])
    bare_p95 = p95_ms(phones.times["bare"])
    tag = {"ballot": ballot}
    emit(
        "votes_counted",
        counted,
        "votes",
        f"== {members}",
        every_vote_once,
        voters=voters,
        distinct_voters=distinct,
        tally=tally,
        chosen=phones.chosen,
        repeat_refused=f"{phones.repeat_refused}/{phones.repeat_tried}",
        failures=phones.failures[:5],
        **tag,
    )
    emit("vote_p95_ms", vote_p95, "ms", "<= 200", vote_p95 <= 200, requests=len(phones.times["vote"]), **tag)
    emit("vote_median_ms", statistics.median(phones.times["vote"] or [0]) * 1000, "ms", **tag)
    emit("page_p95_ms", p95_ms(phones.times["page"]), "ms", "<= 200", p95_ms(phones.times["page"]) <= 200, **tag)
    emit("answer_p95_ms", p95_ms(answers), "ms", "<= 200", p95_ms(answers) <= 200, requests=len(answers), **tag)
    emit("bare_p95_ms", bare_p95, "ms", requests=len(phones.times["bare"]), **tag)
    emit(
        "vote_vs_bare_p95_ratio",
        vote_p95 / bare_p95 if bare_p95 else 0.0,
        "x",
        note="the vote's p95 / the tenant-routed bare view's p95, same run and load (reference)",
        **tag,
    )
    emit(
        "vote_duration_s",
        duration,
        "s",
        "<= 60",
        duration <= 60,
        spread_s=args.spread,
        load_average=round(os.getloadavg()[0], 1),
        cores=os.cpu_count(),
        **tag,
    )
    emit(
        "result_after_close_s",
        after_close,
        "s",
        "<= 2",
        shown and after_close <= 2,
        close_service_s=round(close_service, 3),
        result=record.text,
        **tag,
    )
    # The server's work, independent of how busy the machine is: worker CPU per member (all of a
    # member's requests: the baseline, the page, the vote, the page after it, a tenth's repeat).
    cores = os.cpu_count() or 1
    emit(
        "member_cpu_ms",
        member_cpu * 1000,
        "ms",
        bare_cpu_ms=round(bare_cpu * 1000, 2),
        page_cpu_ms=round(page_cpu * 1000, 2),
        members_per_minute_on_all_cores=round(60 * cores / member_cpu) if member_cpu else None,
        note="gunicorn workers' CPU per member (PostgreSQL's share not included); the bare view's per request",
        **tag,
    )
    emit(
        "page_alone_p95_ms",
        page_alone * 1000,
        "ms",
        bare_alone_p95_ms=round(bare_alone * 1000, 1),
        note="the member page and the bare view requested one at a time (no queue of our own)",
        **tag,
    )
    for kind in ("page", "vote"):
        counts = phones.statements[kind]
        emit(
            f"{kind}_statements",
            max(counts) if counts else -1,
            "statements",
            median=statistics.median(counts or [0]),
            **tag,
        )
    return every_vote_once and vote_p95 <= 200 and duration <= 60 and shown and after_close <= 2


def measure_minutes(setup: dict) -> bool:
    from django.db import connection

    from django_tenants.utils import schema_context
    from pypdf import PdfReader

    from office.services import assembly as services

    club, assembly = setup["club"], setup["assembly"]
    started, cpu = time.perf_counter(), time.process_time()
    with schema_context(club.schema_name):
        services.minutes_draft(assembly=assembly, club=club)
        pdf = services.minutes_pdf(assembly=assembly, club=club)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    with schema_context(club.schema_name):
        results = [item.result.text for item in setup["items"].values()]
    connection.close()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    complete = all(" ".join(result.split())[:40] in flat for result in results)
    emit(
        "minutes_pdf_s",
        seconds,
        "s",
        "<= 5",
        seconds <= 5 and complete,
        cpu_s=round(cpu, 3),
        bytes=len(pdf),
        results_in_pdf=complete,
    )
    return seconds <= 5 and complete


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=int(os.environ.get("BENCH_ASSEMBLY_MEMBERS", "500")))
    parser.add_argument("--spread", type=float, default=float(os.environ.get("BENCH_ASSEMBLY_SPREAD", "55")))
    parser.add_argument("--concurrency", type=int, default=40)
    parser.add_argument("--ballot", choices=["both", "open", "secret"], default="both")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--db", default="bench_assembly")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    started = time.perf_counter()
    ballots = ["open", "secret"] if args.ballot == "both" else [args.ballot]

    media_root = Path(tempfile.mkdtemp(prefix="hh-bench-assembly-"))
    _clubs.database_fresh(args.db)
    _clubs.django_setup(args.db, media_root)
    log(f"platform, one club, {args.members} members, an assembly")
    setup = prepare(args.members, ballots)
    from django.db import connections

    connections.close_all()
    env = {
        **os.environ,
        **_clubs.database_env(args.db, media_root),
        "DJANGO_SETTINGS_MODULE": "_serve_settings",
        # The workers connect by URL and do not join the embedded server each (four workers starting
        # at once raced on pgserver's list of processes: a worker failed to boot).
        "DATABASE_URL": database_url(args.db),
        # The project first: bench/community.py must not shadow the community app.
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH_DIR)]),
    }
    run_dir = Path(tempfile.mkdtemp(prefix="hh-bench-assembly-run-"))
    log(f"gunicorn on 127.0.0.1:{PORT}, {args.workers} sync workers")
    server = None
    ok = True
    try:
        server = gunicorn_start(env, args.workers, run_dir / "gunicorn.log")
        emit("setup", args.members, "members", workers=args.workers, concurrency=args.concurrency, spread_s=args.spread)
        for ballot in ballots:
            ok = measure_ballot(ballot, setup, args, server) and ok
        ok = measure_minutes(setup) and ok
        emit("total_s", time.perf_counter() - started, "s", all_ok=ok)
    finally:
        if server is not None:
            gunicorn_stop(server)
        if not args.keep:
            _clubs.database_drop(args.db)
            import shutil

            shutil.rmtree(media_root, ignore_errors=True)
            shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
