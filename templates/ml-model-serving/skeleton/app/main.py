"""
HTTP entry point: POST /predict, GET /model, /health (ready once the model is
loaded) and /metrics (Prometheus).
"""

import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from pydantic import BaseModel, Field, create_model

from app.model import FEATURES, Model, load

log = logging.getLogger("app")

# One field per feature of the model (app/model.py), each a length in cm.
Instance = create_model(
    "Instance",
    **{feature: (float, Field(ge=0, le=100, description="cm")) for feature in FEATURES},
)


class PredictRequest(BaseModel):
    # Bounded: a request's latency stays within what the readiness probe and alerts expect.
    instances: list[Instance] = Field(min_length=1, max_length=100)  # type: ignore[valid-type]


def load_from_disk() -> Model:
    """The artefact the image's build stage trained (MODEL_PATH)."""
    return load(Path(os.environ.get("MODEL_PATH", "model/model.joblib")))


class ModelState:
    """The model once loaded; until then the service is not ready."""

    def __init__(self) -> None:
        self.model: Model | None = None
        self.error: str | None = None
        self.done = threading.Event()


def create_app(load_model: Callable[[], Model] = load_from_disk) -> FastAPI:
    state = ModelState()
    registry = CollectorRegistry()
    requests_total = Counter(
        "http_requests_total",
        "HTTP requests by method, route and status code",
        ["method", "route", "status"],
        registry=registry,
    )
    latency = Histogram(
        "http_request_duration_seconds",
        "HTTP request latency by method and route",
        ["method", "route"],
        registry=registry,
    )
    prediction_latency = Histogram(
        "model_prediction_duration_seconds",
        "Time the model takes to predict one request's instances",
        ["model_version"],
        buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
        registry=registry,
    )
    predictions_total = Counter(
        "model_predictions_total",
        "Instances predicted, by model version and predicted class",
        ["model_version", "label"],
        registry=registry,
    )
    model_info = Gauge(
        "model_info",
        "The model served: 1 for its name and version",
        ["name", "version"],
        registry=registry,
    )
    model_ready = Gauge(
        "model_ready", "1 once the model is loaded and predictions are served", registry=registry
    )
    load_seconds = Gauge(
        "model_load_duration_seconds", "Time the model took to load", registry=registry
    )

    def load_in_background() -> None:
        started = time.perf_counter()
        try:
            model = load_model()
        except Exception as error:  # the service stays unready and says why
            log.exception("the model could not be loaded")
            state.error = f"{type(error).__name__}: {error}"
        else:
            load_seconds.set(time.perf_counter() - started)
            model_info.labels(model.name, model.version).set(1)
            state.model = model
            model_ready.set(1)
            log.info("model %s %s loaded", model.name, model.version)
        finally:
            state.done.set()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
        # Loading happens beside serving: /health answers 503 until it is done.
        threading.Thread(target=load_in_background, name="load-model", daemon=True).start()
        yield

    app = FastAPI(title="${{ values.name }}", version="0.1.0", lifespan=lifespan)
    app.state.model = state

    @app.middleware("http")
    async def prometheus_middleware(request: Request, call_next):
        start = time.perf_counter()
        response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "unmatched")
        if route != "/metrics":
            latency.labels(request.method, route).observe(time.perf_counter() - start)
            requests_total.labels(request.method, route, str(response.status_code)).inc()
        return response

    def loaded_model() -> Model:
        if state.model is None:
            raise HTTPException(503, "the model is not loaded")
        return state.model

    @app.get("/health")
    def health(response: Response) -> dict[str, str]:
        if state.model is not None:
            return {"status": "ok", "model": state.model.name, "model_version": state.model.version}
        response.status_code = 503
        if state.error is not None:
            return {"status": "failed", "error": state.error}
        return {"status": "loading"}

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/model")
    def describe_model() -> dict[str, Any]:
        return loaded_model().describe()

    @app.post("/predict")
    def predict(request: PredictRequest) -> dict[str, Any]:
        model = loaded_model()
        rows = [[getattr(instance, f) for f in model.features] for instance in request.instances]
        started = time.perf_counter()
        predictions = model.predict(rows)
        prediction_latency.labels(model.version).observe(time.perf_counter() - started)
        for prediction in predictions:
            predictions_total.labels(model.version, prediction.label).inc()
        return {
            "model": model.name,
            "model_version": model.version,
            "predictions": [
                {"label": p.label, "probabilities": p.probabilities} for p in predictions
            ],
        }

    return app


app = create_app()
