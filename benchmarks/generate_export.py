"""Write a synthetic export of the bundled banks: one row per respondent, as Dutch Excel would.

    python benchmarks/generate_export.py 200000 /tmp/export.csv [--labels]

Columns: the identity columns, then every question id of the bundled banks (the ``scan
sjabloon`` header). Each respondent names one partner (side B on the same row), whose
questions are answered only when its kind is asked them (``soorten``), as a survey tool would.
Cells hold a random scale value (or, with ``--labels``, its label), with some ``weet niet`` and
empty cells, so the scorer sees every path. Deterministic (seeded), ``;``-separated, UTF-8
with a BOM.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from scan.bank import load_bankset
from scan.batch.columns import template_columns

KINDS = ("mbo", "bedrijf", "instelling", "anders")


def generate(path: Path, respondents: int, labels: bool = False, seed: int = 2026) -> None:
    banks = load_bankset()
    header = template_columns(banks)
    rng = random.Random(seed)
    options: list[list[str]] = []
    asked: dict[str, list[bool]] = {kind: [] for kind in KINDS}
    """Per partner kind, per column: whether that kind of partner is asked the question."""
    for qid in header[6:]:
        bank, _, question = banks.question(qid)  # type: ignore[misc]
        for kind in KINDS:
            asked[kind].append(not bank.per_partner or question.applies_to(kind))
        if not question.is_scale:
            options.append(["", "", "Meer overleg met het mbo", "Stages en gastlessen"])
            continue
        scale = bank.scale_of(question)
        cells = [v.label if labels else str(v.value) for v in scale]
        options.append(cells * 6 + ["weet niet", ""])
    schools = [f"School {i:03d}" for i in range(max(1, respondents // 60))]
    teams = ["Zorg & Welzijn", "Techniek", "Economie & Ondernemen", "Groen", "Horeca"]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for r in range(respondents):
            kind = rng.choice(KINDS)
            identity = [
                f"R{r:07d}",
                rng.choice(schools),
                rng.choice(teams),
                rng.choice(("docent", "teamleider", "praktijkbegeleider")),
                f"Partner {rng.randrange(500)}",
                kind,
            ]
            cells = [rng.choice(c) if a else "" for c, a in zip(options, asked[kind], strict=True)]
            writer.writerow(identity + cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("respondents", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--labels", action="store_true", help="answer labels instead of values")
    args = parser.parse_args()
    generate(args.path, args.respondents, args.labels)


if __name__ == "__main__":
    main()
