"""HTTP entry point: /health, /metrics (Prometheus) and the service API."""

import time

from fastapi import FastAPI, Request, Response
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

from app.telemetry import instrument


def create_app(tracer_provider: TracerProvider | None = None) -> FastAPI:
    app = FastAPI(title="${{ values.name }}", version="0.1.0")
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

    @app.middleware("http")
    async def prometheus_middleware(request: Request, call_next):
        start = time.perf_counter()
        response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "unmatched")
        if route != "/metrics":
            latency.labels(request.method, route).observe(time.perf_counter() - start)
            requests_total.labels(request.method, route, str(response.status_code)).inc()
        return response

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/api/v1/hello/{name}")
    def hello(name: str) -> dict[str, str]:
        return {"message": f"Hello, {name}!"}

    instrument(app, tracer_provider)
    return app


app = create_app()
