"""
Data-quality checks: the job run on data/sample-orders.csv must write output
that keeps the contract of docs/api.md and reconciles with its input, and a
bad input must fail the run before anything is written.
"""

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.__main__ import main
from pipeline.job import DataQualityError, RunSummary, run

SAMPLE = Path(__file__).parent.parent / "data" / "sample-orders.csv"
HEADER = "order_id,customer_id,ordered_at,amount,currency\n"
MAX_REJECTED_RATIO = 0.05


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunSummary, list[dict]]:
    output = tmp_path_factory.mktemp("run") / "daily-revenue.jsonl"
    summary = run(SAMPLE, output, MAX_REJECTED_RATIO)
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    return summary, rows


def test_every_row_keeps_the_contract(sample_run: tuple[RunSummary, list[dict]]) -> None:
    _, rows = sample_run
    assert rows
    for row in rows:
        assert sorted(row) == ["currency", "customer_id", "day", "orders", "revenue"]
        assert isinstance(row["orders"], int) and row["orders"] > 0
        assert Decimal(row["revenue"]) >= 0
        assert row["revenue"] == f"{Decimal(row['revenue']):.2f}"


def test_one_row_per_day_customer_and_currency(
    sample_run: tuple[RunSummary, list[dict]],
) -> None:
    _, rows = sample_run
    keys = [(row["day"], row["customer_id"], row["currency"]) for row in rows]
    assert keys == sorted(set(keys))


def test_output_reconciles_with_the_accepted_input(
    sample_run: tuple[RunSummary, list[dict]],
) -> None:
    summary, rows = sample_run
    rejected_lines = {r.line for r in summary.rejected}
    with SAMPLE.open(newline="", encoding="utf-8") as file:
        accepted = [
            record
            for line, record in enumerate(csv.DictReader(file), start=2)
            if line not in rejected_lines
        ]
    assert sum(row["orders"] for row in rows) == len(accepted) == summary.read - len(rejected_lines)
    for currency in {row["currency"] for row in rows}:
        assert sum(Decimal(row["revenue"]) for row in rows if row["currency"] == currency) == sum(
            Decimal(record["amount"]) for record in accepted if record["currency"] == currency
        )


def test_the_sample_rejects_few_records_and_says_why(
    sample_run: tuple[RunSummary, list[dict]],
) -> None:
    summary, _ = sample_run
    assert len(summary.rejected) / summary.read <= MAX_REJECTED_RATIO
    assert [r.reason for r in summary.rejected] == [
        "currency 'CHF' is not one of ['EUR', 'GBP', 'USD']"
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (HEADER, "has no records"),
        ("order_id,amount\no-1,1.00\n", "has no column currency, customer_id, ordered_at"),
        (
            HEADER + "o-1,c-1,2026-12-01T10:00:00Z,1.00,EUR\no-2,c-1,not a time,1.00,EUR\n",
            r"1 of 2 records rejected \(50.0%, at most 5.0% allowed\); line 3: ordered_at",
        ),
    ],
)
def test_a_bad_input_fails_the_run_and_writes_nothing(
    tmp_path: Path, content: str, problem: str
) -> None:
    source = tmp_path / "orders.csv"
    source.write_text(content, encoding="utf-8")
    output = tmp_path / "out" / "daily-revenue.jsonl"
    with pytest.raises(DataQualityError, match=problem):
        run(source, output, MAX_REJECTED_RATIO)
    assert not output.parent.exists()


def test_exit_codes_tell_the_cronjob_how_the_run_went(tmp_path: Path) -> None:
    output = tmp_path / "daily-revenue.jsonl"
    assert main(["--input", str(SAMPLE), "--output", str(output)]) == 0
    assert output.exists()
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER, encoding="utf-8")
    assert main(["--input", str(empty), "--output", str(tmp_path / "other.jsonl")]) == 2
