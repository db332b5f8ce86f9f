"""One run: read the input, check and transform it, write the output."""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.orders import FIELDS, Rejected, daily_revenue, parse_orders


class DataQualityError(Exception):
    """The input failed its data-quality checks; the run wrote nothing."""


@dataclass(frozen=True)
class RunSummary:
    read: int
    written: int
    rejected: list[Rejected]


def read_records(input_path: Path) -> list[dict[str, str | None]]:
    with input_path.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        missing = sorted(set(FIELDS) - set(reader.fieldnames or []))
        if missing:
            raise DataQualityError(f"{input_path} has no column {', '.join(missing)}")
        return list(reader)


def run(input_path: Path, output_path: Path, max_rejected_ratio: float) -> RunSummary:
    """
    Writes the daily revenue of the orders in input_path to output_path (JSON
    Lines). An empty input, or more rejected records than max_rejected_ratio
    of them, fails the run before anything is written: bad data upstream must
    not become bad data downstream.
    """
    records = read_records(input_path)
    if not records:
        raise DataQualityError(f"{input_path} has no records")
    orders, rejected = parse_orders(records)
    ratio = len(rejected) / len(records)
    if ratio > max_rejected_ratio:
        first = "; ".join(f"line {r.line}: {r.reason}" for r in rejected[:5])
        raise DataQualityError(
            f"{len(rejected)} of {len(records)} records rejected ({ratio:.1%}, at most "
            f"{max_rejected_ratio:.1%} allowed); {first}"
        )
    rows = daily_revenue(orders)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: readers never see half an output.
    partial = output_path.with_name(f".{output_path.name}.partial")
    with partial.open("w", encoding="utf-8") as file:
        for row in rows:
            file.write(json.dumps(row, sort_keys=True) + "\n")
    partial.replace(output_path)
    return RunSummary(read=len(records), written=len(rows), rejected=rejected)
