"""
The model: a classifier of iris flowers, trained from the iris data set that
scikit-learn ships (nothing is downloaded), saved with joblib together with
what describes it, and loaded by the service.

Replace `load_training_data` and `build_estimator` with your own data and
model; keep `PARAMS` complete: the model's version is a hash of the training
data, `PARAMS` and the scikit-learn version, so any change to what decides
the model gives it a new version.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

MODEL_NAME = "iris-classifier"
# The inputs, in the order the estimator takes them (centimetres).
FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
# Everything that decides the model besides the data and the library.
PARAMS: dict[str, Any] = {
    "estimator": "StandardScaler+LogisticRegression",
    "C": 5.0,
    "max_iter": 1000,
    "test_size": 0.2,
    "random_state": 42,
}
# Training fails below this accuracy on the held-out samples: no image is built.
MIN_ACCURACY = 0.9


class ModelError(Exception):
    """The model cannot be trained or loaded as it is."""


@dataclass(frozen=True)
class Prediction:
    label: str
    probabilities: dict[str, float]


@dataclass(frozen=True)
class Model:
    """A trained estimator and what describes it (docs/model-card.md)."""

    estimator: Pipeline
    name: str
    version: str
    features: tuple[str, ...]
    classes: tuple[str, ...]
    accuracy: float
    test_samples: int
    params: dict[str, Any]
    sklearn_version: str

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "features": list(self.features),
            "classes": list(self.classes),
            "accuracy": self.accuracy,
            "test_samples": self.test_samples,
            "params": self.params,
            "sklearn_version": self.sklearn_version,
        }

    def predict(self, rows: Sequence[Sequence[float]]) -> list[Prediction]:
        probabilities = self.estimator.predict_proba(np.asarray(rows, dtype=float))
        return [
            Prediction(
                label=self.classes[int(np.argmax(row))],
                probabilities={
                    label: round(float(p), 4) for label, p in zip(self.classes, row, strict=True)
                },
            )
            for row in probabilities
        ]


def load_training_data() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Features, targets and class names, from the data set scikit-learn ships."""
    iris = load_iris()
    return iris.data, iris.target, tuple(str(name) for name in iris.target_names)


def build_estimator(params: dict[str, Any]) -> Pipeline:
    return make_pipeline(
        StandardScaler(),
        LogisticRegression(C=params["C"], max_iter=params["max_iter"]),
    )


def model_version(data: np.ndarray, target: np.ndarray, params: dict[str, Any]) -> str:
    """A hash of what decides the model: the same inputs, the same version."""
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(data, dtype=np.float64).tobytes())
    digest.update(np.ascontiguousarray(target, dtype=np.int64).tobytes())
    digest.update(json.dumps(params, sort_keys=True).encode())
    digest.update(sklearn.__version__.encode())
    return digest.hexdigest()[:12]


def train(params: dict[str, Any] | None = None, min_accuracy: float = MIN_ACCURACY) -> Model:
    """Fits the estimator on most of the data and scores it on the rest."""
    params = {**PARAMS, **(params or {})}
    data, target, classes = load_training_data()
    x_train, x_test, y_train, y_test = train_test_split(
        data,
        target,
        test_size=params["test_size"],
        random_state=params["random_state"],
        stratify=target,
    )
    estimator = build_estimator(params)
    estimator.fit(x_train, y_train)
    accuracy = round(float(estimator.score(x_test, y_test)), 4)
    if accuracy < min_accuracy:
        raise ModelError(
            f"accuracy {accuracy:.4f} on {len(y_test)} held-out samples is below {min_accuracy}"
        )
    return Model(
        estimator=estimator,
        name=MODEL_NAME,
        version=model_version(data, target, params),
        features=FEATURES,
        classes=classes,
        accuracy=accuracy,
        test_samples=len(y_test),
        params=params,
        sklearn_version=sklearn.__version__,
    )


def save(model: Model, path: Path) -> None:
    """Writes the artefact aside and renames it: a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    joblib.dump({"estimator": model.estimator, "metadata": model.describe()}, partial)
    partial.replace(path)


def load(path: Path) -> Model:
    """
    Reads an artefact written by `save`. joblib unpickles it: load only
    artefacts this repository's own build wrote.
    """
    try:
        artefact = joblib.load(path)
    except FileNotFoundError as error:
        raise ModelError(f"no model at {path}: run python -m app.train") from error
    metadata = artefact["metadata"]
    if metadata["sklearn_version"] != sklearn.__version__:
        raise ModelError(
            f"{path} was trained with scikit-learn {metadata['sklearn_version']}, "
            f"this is {sklearn.__version__}: train it again"
        )
    return Model(
        estimator=artefact["estimator"],
        name=metadata["name"],
        version=metadata["version"],
        features=tuple(metadata["features"]),
        classes=tuple(metadata["classes"]),
        accuracy=metadata["accuracy"],
        test_samples=metadata["test_samples"],
        params=metadata["params"],
        sklearn_version=metadata["sklearn_version"],
    )
