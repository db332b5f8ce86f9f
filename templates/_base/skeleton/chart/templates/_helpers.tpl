{{- define "app.fullname" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "app.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "app.labels" -}}
{{ include "app.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ .Values.system }}
backstage.io/kubernetes-id: {{ include "app.fullname" . }}
owner: {{ required "owner is required" .Values.owner }}
{{- end -}}

{{- /* The image, pinned: an empty tag means the chart's appVersion, never latest. */}}
{{- define "app.image" -}}
"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
{{- end -}}

{{- /*
The container's environment, for every kind of workload: the ExternalSecret's
Secret, and with Postgres from a Crossplane claim its connection secret's keys.
*/}}
{{- define "app.env" -}}
envFrom:
  - secretRef:
      name: {{ include "app.fullname" . }}-secrets
{{- if and .Values.postgres.enabled .Values.postgres.connectionSecret }}
env:
  {{- range $name, $key := dict "DB_HOST" "endpoint" "DB_PORT" "port" "DB_USER" "username" "DB_PASSWORD" "password" }}
  - name: {{ $name }}
    valueFrom:
      secretKeyRef:
        name: {{ $.Values.postgres.connectionSecret }}
        key: {{ $key }}
  {{- end }}
{{- end }}
{{- end -}}
