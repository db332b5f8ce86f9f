"""
python -m app.train: trains the model and writes its artefact, as CI and the
image's build stage run it. Exit code 0: written; 2: the model is below
MIN_ACCURACY and nothing was written.
"""

import argparse
import os
import sys
from pathlib import Path

from app.model import MIN_ACCURACY, ModelError, save, train


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.train", description="Train the model and write its artefact."
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(os.environ.get("MODEL_PATH", "model/model.joblib")),
        help="where the artefact goes (MODEL_PATH)",
    )
    parser.add_argument(
        "--min-accuracy",
        type=float,
        default=MIN_ACCURACY,
        help="the lowest accuracy on the held-out samples that is accepted",
    )
    args = parser.parse_args(argv)
    try:
        model = train(min_accuracy=args.min_accuracy)
    except ModelError as error:
        print(f"training failed: {error}", file=sys.stderr)
        return 2
    save(model, args.output)
    print(
        f"trained {model.name} {model.version}: accuracy {model.accuracy:.4f} "
        f"on {model.test_samples} held-out samples, written to {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
