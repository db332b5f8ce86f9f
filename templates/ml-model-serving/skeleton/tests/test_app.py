"""
The service: not ready until the model is loaded, predictions with the model's
version, bad input refused, and the metrics the dashboard and alerts read.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.model import Model, ModelError

SETOSA = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
VIRGINICA = {"sepal_length": 6.3, "sepal_width": 3.3, "petal_length": 6.0, "petal_width": 2.5}


@contextmanager
def serving(load_model: Callable[[], Model] | None = None) -> Iterator[TestClient]:
    app = create_app(load_model) if load_model else create_app()
    with TestClient(app) as client:
        yield client


def wait_until_loaded(client: TestClient) -> None:
    assert client.app.state.model.done.wait(10), "the model did not finish loading"


@pytest.fixture
def client(model: Model) -> Iterator[TestClient]:
    with serving(lambda: model) as client:
        wait_until_loaded(client)
        yield client


def test_not_ready_until_the_model_is_loaded(model: Model) -> None:
    release = threading.Event()

    def slow_load() -> Model:
        assert release.wait(10)
        return model

    with serving(slow_load) as client:
        assert client.get("/health").status_code == 503
        assert client.get("/health").json() == {"status": "loading"}
        assert client.post("/predict", json={"instances": [SETOSA]}).status_code == 503
        assert "model_ready 0.0" in client.get("/metrics").text
        release.set()
        wait_until_loaded(client)
        health = client.get("/health")
        assert health.status_code == 200
        assert health.json() == {
            "status": "ok",
            "model": "iris-classifier",
            "model_version": model.version,
        }
        assert client.post("/predict", json={"instances": [SETOSA]}).status_code == 200


def test_never_ready_with_a_model_that_fails_to_load_and_says_why() -> None:
    def broken_load() -> Model:
        raise ModelError("model.joblib was trained with scikit-learn 0.24.2")

    with serving(broken_load) as client:
        wait_until_loaded(client)
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json() == {
            "status": "failed",
            "error": "ModelError: model.joblib was trained with scikit-learn 0.24.2",
        }
        assert client.get("/model").status_code == 503


def test_serves_the_artefact_from_model_path(
    model: Model, model_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODEL_PATH", str(model_path))
    with serving() as client:
        wait_until_loaded(client)
        assert client.get("/health").json()["model_version"] == model.version


def test_predicts_the_class_of_each_instance(client: TestClient, model: Model) -> None:
    response = client.post("/predict", json={"instances": [SETOSA, VIRGINICA]})
    assert response.status_code == 200
    body = response.json()
    assert body["model"] == "iris-classifier"
    assert body["model_version"] == model.version
    assert [p["label"] for p in body["predictions"]] == ["setosa", "virginica"]
    assert sorted(body["predictions"][0]["probabilities"]) == ["setosa", "versicolor", "virginica"]


@pytest.mark.parametrize(
    "body",
    [
        {"instances": []},
        {"instances": [SETOSA] * 101},
        {"instances": [{**SETOSA, "petal_width": -1}]},
        {"instances": [{k: v for k, v in SETOSA.items() if k != "petal_length"}]},
        {"instances": [{**SETOSA, "sepal_length": "long"}]},
    ],
    ids=["none", "too-many", "negative", "missing-feature", "not-a-number"],
)
def test_refuses_bad_input(client: TestClient, body: dict) -> None:
    assert client.post("/predict", json=body).status_code == 422


def test_describes_the_model_it_serves(client: TestClient, model: Model) -> None:
    described = client.get("/model").json()
    assert described["version"] == model.version
    assert described["accuracy"] == model.accuracy
    assert described["features"] == [
        "sepal_length",
        "sepal_width",
        "petal_length",
        "petal_width",
    ]


def test_metrics_give_prediction_latency_and_classes_by_model_version(
    client: TestClient, model: Model
) -> None:
    client.post("/predict", json={"instances": [SETOSA, VIRGINICA]})
    client.post("/predict", json={"instances": [SETOSA]})
    body = client.get("/metrics").text
    version = model.version
    assert f'model_prediction_duration_seconds_count{{model_version="{version}"}} 2.0' in body
    assert f'model_prediction_duration_seconds_bucket{{le="0.5",model_version="{version}"}}' in body
    assert f'model_predictions_total{{label="setosa",model_version="{version}"}} 2.0' in body
    assert f'model_predictions_total{{label="virginica",model_version="{version}"}} 1.0' in body
    assert f'model_info{{name="iris-classifier",version="{version}"}} 1.0' in body
    assert "model_ready 1.0" in body
    assert 'http_requests_total{method="POST",route="/predict",status="200"} 2.0' in body
