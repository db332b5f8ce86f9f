package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func get(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func TestHealth(t *testing.T) {
	srv := httptest.NewServer(NewHandler(NewMetrics()))
	defer srv.Close()
	status, body := get(t, srv, "/health")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); err != nil || got["status"] != "ok" {
		t.Fatalf("body %q", body)
	}
}

func TestHello(t *testing.T) {
	srv := httptest.NewServer(NewHandler(NewMetrics()))
	defer srv.Close()
	_, body := get(t, srv, "/api/v1/hello/acme")
	if !strings.Contains(body, `"Hello, acme!"`) {
		t.Fatalf("body %q", body)
	}
}

func TestMetricsCountRequestsByRoute(t *testing.T) {
	srv := httptest.NewServer(NewHandler(NewMetrics()))
	defer srv.Close()
	get(t, srv, "/api/v1/hello/a")
	get(t, srv, "/api/v1/hello/b")
	_, body := get(t, srv, "/metrics")
	want := `http_requests_total{method="GET",route="/api/v1/hello/{name}",status="200"} 2`
	if !strings.Contains(body, want) {
		t.Fatalf("metrics lack %q:\n%s", want, body)
	}
}
