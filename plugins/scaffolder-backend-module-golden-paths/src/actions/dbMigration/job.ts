/** The chart's hook Job (Helm templating, not the scaffolder's). */
export const MIGRATION_JOB = `{{- /*
Database migrations, added by the database migration golden path: a Job run
by Helm before every upgrade (and after the first install, once the
ExternalSecret's Secret exists), with the service's own image and database
environment. A failed migration fails the upgrade; the old pods keep running.
*/}}
{{- if .Values.migrations.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "app.fullname" . }}-db-migrate
  labels:
    {{- include "app.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: post-install,pre-upgrade
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ .Values.migrations.backoffLimit }}
  activeDeadlineSeconds: {{ .Values.migrations.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "app.labels" . | nindent 8 }}
    spec:
      restartPolicy: Never
      securityContext:
        runAsNonRoot: true
      containers:
        - name: migrate
          image: {{ include "app.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command: {{ toJson .Values.migrations.command }}
          {{- include "app.env" . | nindent 10 }}
          securityContext:
            allowPrivilegeEscalation: false
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
{{- end }}
`;

/** The chart's values for the Job: the tool's command in the service's image. */
export function migrationValues(tool: string, command: string[]): string {
  return `
# Database migrations (${tool}), run by the Helm hook Job
# chart/templates/db-migrations-job.yaml before every upgrade.
migrations:
  enabled: true
  command: [${command.map(c => JSON.stringify(c)).join(', ')}]
  backoffLimit: 1
  activeDeadlineSeconds: 600
`;
}
