"""
python -m pipeline: one run, as the CronJob starts it. Exit code 0: done;
2: the input failed its data-quality checks and nothing was written; 1:
anything else (the traceback is in the log).
"""

import argparse
import logging
import os
import sys
from pathlib import Path

from pipeline.job import DataQualityError, run

log = logging.getLogger("pipeline")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description="Daily revenue per customer from orders."
    )
    parser.add_argument(
        "--input",
        type=Path,
        default=Path(os.environ.get("INPUT_PATH", "data/sample-orders.csv")),
        help="orders CSV (INPUT_PATH)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(os.environ.get("OUTPUT_PATH", "/tmp/output/daily-revenue.jsonl")),
        help="where the JSON Lines go (OUTPUT_PATH)",
    )
    parser.add_argument(
        "--max-rejected-ratio",
        type=float,
        default=float(os.environ.get("MAX_REJECTED_RATIO", "0.05")),
        help="share of input records that may be rejected (MAX_REJECTED_RATIO)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    try:
        summary = run(args.input, args.output, args.max_rejected_ratio)
    except DataQualityError as error:
        log.error("data quality check failed: %s", error)
        return 2
    for rejected in summary.rejected[:10]:
        log.warning("rejected line %d: %s", rejected.line, rejected.reason)
    log.info(
        "done: %d records read, %d rejected, %d rows written to %s",
        summary.read,
        len(summary.rejected),
        summary.written,
        args.output,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
