"""Benchmark of the pure assembly layer (office/assembly): minutes PDF, counting, ballots, deadlines.

    .venv/bin/python bench/assembly_rules.py [--items 20] [--runs 5] [--voters 500]

No database: Django is set up only for templates and translations (DATABASE_URL points nowhere, so
the embedded PostgreSQL is not started). The end-to-end benchmark through gunicorn is
bench/assembly.py.

Figures (one JSON object per line):
* minutes_pdf_s: the slowest of ``--runs`` renderings of draft minutes with ``--items`` agenda items
  (each a motion with its result) as PDF with WeasyPrint; target <= 5 s (issue #14).
* minutes_html_ms: the same minutes as HTML (median; reference).
* secret_ballot_close_ms: ``--voters`` ballots cast into a BallotBox in batches of 25 and closed
  (count check, sorted urn) (median; target <= 2000 ms: the result <= 2 s after closing).
* tally_ms: ``--voters`` open votes with proxies tallied and the result sentence built (median; reference).
* deadline_checks_per_s: invitation checks (letter, with the Sunday/holiday shift) per second (reference).
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def emit(metric: str, value: float, unit: str, target: str = "", ok: bool | None = None) -> None:
    row = {"bench": "assembly_rules", "metric": metric, "value": round(value, 3), "unit": unit, "target": target}
    if ok is not None:
        row["ok"] = ok
    print(json.dumps(row, ensure_ascii=False), flush=True)


def setup() -> None:
    os.environ.setdefault("DATABASE_URL", "postgres://bench@127.0.0.1:1/unused")  # never connected
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()


def minutes_sample(items: int):
    from office.assembly.minutes import AgendaEntry, MinutesData
    from office.assembly.statute import SIMPLE_MAJORITY, AssemblyMode
    from office.assembly.votes import Tally, motion_result

    result = motion_result(Tally(yes=34, no=11, abstain=5), SIMPLE_MAJORITY)
    entries = tuple(
        AgendaEntry(
            str(n),
            f"Antrag Nr. {n}: Änderung der Beitragsordnung",
            motion_text="Die Mitgliederversammlung beschließt die Beitragsordnung in der Fassung der Anlage.\n" * 3,
            proposer="Vorstand",
            voting="offen" if n % 2 else "geheim",
            result_text=result.text,
            accepted=result.accepted,
            notes="Aussprache: mehrere Wortmeldungen, siehe Anlage." if n % 3 == 0 else "",
        )
        for n in range(1, items + 1)
    )
    return MinutesData(
        club_name="SV Alpha 1900 e. V.",
        title="Ordentliche Mitgliederversammlung 2026",
        held_on=datetime.date(2026, 3, 19),
        starts_at=datetime.time(19, 0),
        ends_at=datetime.time(22, 30),
        place="Vereinsheim, Hauptstraße 1, 12345 Musterstadt",
        mode=AssemblyMode.HYBRID,
        chair="Erika Beispiel",
        keeper="Jan Schreiber",
        invited_on=datetime.date(2026, 3, 2),
        entitled=500,
        present=180,
        represented=20,
        quorum_text="Beschlussfähig.",
        items=entries,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--voters", type=int, default=500)
    args = parser.parse_args()
    setup()

    from office.assembly import deadlines
    from office.assembly.ballots import BallotBox
    from office.assembly.minutes import minutes_html, minutes_pdf
    from office.assembly.statute import Statute
    from office.assembly.votes import Choice, ProxyRegister, Vote, motion_result, tally

    data = minutes_sample(args.items)
    minutes_pdf(data)  # warm-up: fonts and WeasyPrint's caches
    pdf_times, html_times = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        minutes_html(data)
        html_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        minutes_pdf(data)
        pdf_times.append(time.perf_counter() - started)
    emit("minutes_pdf_s", max(pdf_times), "s", "<= 5", max(pdf_times) <= 5)
    emit("minutes_html_ms", statistics.median(html_times), "ms")

    choices = ["yes", "no", "abstain"]
    close_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        box = BallotBox(batch_size=25)
        for n in range(args.voters):
            box.cast(member=f"m{n}", content=choices[n % 3])
        closed = box.close()
        close_times.append((time.perf_counter() - started) * 1000)
        assert closed.voters == args.voters == len(closed.ballots)
    emit(
        "secret_ballot_close_ms",
        statistics.median(close_times),
        "ms",
        "<= 2000",
        statistics.median(close_times) <= 2000,
    )

    statute = Statute(proxies_allowed=True, max_proxies_per_person=2)
    tally_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        register = ProxyRegister(statute)
        votes = []
        for n in range(args.voters):
            holder = None
            if n % 10 == 9:
                register.add(principal=f"m{n}", holder=f"m{n - 1}")
                holder = f"m{n - 1}"
            votes.append(Vote(f"m{n}", Choice(choices[n % 3]), cast_by=holder))
        motion_result(tally(votes, proxies=register), statute.majority_for("ordinary"))
        tally_times.append((time.perf_counter() - started) * 1000)
    emit("tally_ms", statistics.median(tally_times), "ms")

    statute = Statute()
    meeting = datetime.date(2026, 12, 30)
    checks = 5000
    started = time.perf_counter()
    for n in range(checks):
        sent = meeting - datetime.timedelta(days=10 + n % 20)
        deadlines.invitation_check(sent_on=sent, meeting_on=meeting, channel="letter", statute=statute)
    emit("deadline_checks_per_s", checks / (time.perf_counter() - started), "1/s")


if __name__ == "__main__":
    main()
