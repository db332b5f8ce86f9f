"""OpenTelemetry tracing: spans for every request, exported over OTLP/HTTP
when OTEL_EXPORTER_OTLP_ENDPOINT is set (the platform's collector)."""

import os

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

SERVICE = "${{ values.name }}"


def create_tracer_provider(*processors: SpanProcessor) -> TracerProvider:
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: SERVICE}))
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    for processor in processors:
        provider.add_span_processor(processor)
    return provider


def instrument(app: FastAPI, provider: TracerProvider | None = None) -> TracerProvider:
    provider = provider or create_tracer_provider()
    trace.set_tracer_provider(provider)
    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, excluded_urls="health,metrics"
    )
    return provider
