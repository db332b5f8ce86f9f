"""
The model's quality and identity: accurate on samples it was not trained on,
the expected class for known flowers, a version that changes exactly when
what decides the model changes, and an artefact that loads as it was saved.
"""

from pathlib import Path

import joblib
import pytest
from sklearn.datasets import load_iris

from app.model import MIN_ACCURACY, Model, ModelError, load, model_version, train
from app.train import main


def test_accurate_on_the_held_out_samples(model: Model) -> None:
    assert model.test_samples == 30
    assert model.accuracy >= MIN_ACCURACY


def test_accurate_on_the_whole_data_set(model: Model) -> None:
    iris = load_iris()
    predicted = [p.label for p in model.predict(iris.data)]
    expected = [str(iris.target_names[t]) for t in iris.target]
    correct = sum(p == e for p, e in zip(predicted, expected, strict=True))
    assert correct / len(expected) >= 0.95


@pytest.mark.parametrize(
    ("flower", "label"),
    [
        ((5.1, 3.5, 1.4, 0.2), "setosa"),
        ((7.0, 3.2, 4.7, 1.4), "versicolor"),
        ((6.3, 3.3, 6.0, 2.5), "virginica"),
    ],
)
def test_known_flowers_get_their_class(model: Model, flower: tuple, label: str) -> None:
    [prediction] = model.predict([flower])
    assert prediction.label == label
    assert prediction.probabilities[label] == max(prediction.probabilities.values())
    assert sum(prediction.probabilities.values()) == pytest.approx(1, abs=1e-3)


def test_the_version_is_a_hash_of_what_decides_the_model(model: Model) -> None:
    assert len(model.version) == 12 and int(model.version, 16) >= 0
    assert train().version == model.version
    assert train({"C": 0.5}).version != model.version
    iris = load_iris()
    assert model_version(iris.data[1:], iris.target[1:], model.params) != model.version


def test_the_artefact_loads_as_it_was_saved(model: Model, model_path: Path) -> None:
    loaded = load(model_path)
    assert loaded.describe() == model.describe()
    flowers = [(5.1, 3.5, 1.4, 0.2), (6.3, 3.3, 6.0, 2.5)]
    assert loaded.predict(flowers) == model.predict(flowers)


def test_an_artefact_of_another_scikit_learn_is_refused(model_path: Path, tmp_path: Path) -> None:
    artefact = joblib.load(model_path)
    artefact["metadata"]["sklearn_version"] = "0.24.2"
    other = tmp_path / "other.joblib"
    joblib.dump(artefact, other)
    with pytest.raises(ModelError, match="trained with scikit-learn 0.24.2"):
        load(other)
    with pytest.raises(ModelError, match="no model at"):
        load(tmp_path / "missing.joblib")


def test_train_writes_the_artefact_only_when_accurate_enough(tmp_path: Path) -> None:
    output = tmp_path / "model" / "model.joblib"
    assert main(["--output", str(output), "--min-accuracy", "1.01"]) == 2
    assert not output.exists()
    assert main(["--output", str(output)]) == 0
    assert load(output).accuracy >= MIN_ACCURACY
    with pytest.raises(ModelError, match="below 1.01"):
        train(min_accuracy=1.01)
