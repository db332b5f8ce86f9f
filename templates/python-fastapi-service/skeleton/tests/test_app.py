from fastapi.testclient import TestClient
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from app.main import create_app
from app.telemetry import create_tracer_provider


def make_client() -> tuple[TestClient, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = create_tracer_provider(SimpleSpanProcessor(exporter))
    return TestClient(create_app(provider)), exporter


def test_health() -> None:
    client, _ = make_client()
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_hello() -> None:
    client, _ = make_client()
    assert client.get("/api/v1/hello/acme").json() == {"message": "Hello, acme!"}


def test_metrics_count_requests_by_route() -> None:
    client, _ = make_client()
    client.get("/api/v1/hello/a")
    client.get("/api/v1/hello/b")
    body = client.get("/metrics").text
    assert 'http_requests_total{method="GET",route="/api/v1/hello/{name}",status="200"} 2.0' in body
    assert "http_request_duration_seconds_bucket" in body


def test_requests_are_traced() -> None:
    client, exporter = make_client()
    client.get("/api/v1/hello/trace")
    names = [span.name for span in exporter.get_finished_spans()]
    assert "GET /api/v1/hello/{name}" in names
