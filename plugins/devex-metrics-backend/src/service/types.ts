/** A scaffolder task as listed by GET /api/scaffolder/v2/tasks. */
export interface ScaffolderTaskSummary {
  id: string;
  /** open, processing, completed, failed, cancelled, skipped */
  status: string;
  createdAt: string;
  /** spec.templateInfo.entityRef, e.g. template:default/go-service */
  templateRef: string;
  /** spec.parameters.name: the name of the service the task creates */
  serviceName?: string;
}

/** A stored deployment event. */
export interface DeploymentEvent {
  entityRef?: string | null;
  repository?: string | null;
  environment: string;
  /** success, failure, error, in_progress, ... (GitHub's states) */
  status: string;
  deployedAt: Date;
}

/** One survey answer. */
export interface SurveyAnswer {
  userRef: string;
  period: string;
  score: number;
  comment?: string | null;
  answeredAt: Date;
}
