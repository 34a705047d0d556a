"""The default chart of accounts (``chart.json``): money accounts, income and expenses per tax sphere."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .spheres import Sphere

KINDS = ("money", "income", "expense", "transit")


@dataclass(frozen=True)
class Account:
    number: str
    name: str
    kind: str  # one of KINDS
    sphere: Sphere | None

    @property
    def is_income(self) -> bool:
        return self.kind == "income"

    @property
    def is_expense(self) -> bool:
        return self.kind == "expense"


@cache
def default_chart() -> tuple[Account, ...]:
    """The accounts of ``chart.json``, checked once: unique numbers, known kinds, spheres on income/expense only."""
    raw = json.loads((Path(__file__).parent / "chart.json").read_text(encoding="utf-8"))["accounts"]
    accounts = tuple(
        Account(a["number"], a["name"], a["kind"], Sphere(a["sphere"]) if a["sphere"] else None) for a in raw
    )
    numbers = [a.number for a in accounts]
    if len(set(numbers)) != len(numbers):
        raise ValueError("chart.json: account numbers must be unique")
    for a in accounts:
        if a.kind not in KINDS or (a.kind in ("income", "expense")) != (a.sphere is not None):
            raise ValueError(f"chart.json: account {a.number} has kind {a.kind!r} and sphere {a.sphere!r}")
    return accounts


def chart_by_number(accounts: tuple[Account, ...] | None = None) -> dict[str, Account]:
    return {a.number: a for a in (accounts or default_chart())}
