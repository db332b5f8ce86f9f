/*
 * The Acme Developer Portal backend: one process hosting every backend plugin.
 */

import { createBackend } from '@backstage/backend-defaults';
import {
  auditorServiceFactory,
  permissionDenialRecorderServiceFactory,
} from '@internal/backstage-plugin-audit-backend';
import { cachedPermissionsServiceFactory } from '@internal/backstage-plugin-permission-node-decision-cache';
import {
  egressGuardPlugin,
  loopbackUncompressedRootHttpRouterServiceFactory,
  readinessServiceFactory,
  serializedStartupDatabaseServiceFactory,
} from '@internal/backstage-plugin-backend-defaults-acme';

const backend = createBackend();

// refuses outgoing connections to cloud metadata / denied internal ranges,
// whatever redirect led there (plugins/backend-defaults-acme)
backend.add(egressGuardPlugin);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
// fetch:cookiecutter for the templates teams bring (a local `cookiecutter`,
// installed beside mkdocs; no Docker)
backend.add(import('@backstage/plugin-scaffolder-backend-module-cookiecutter'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// See https://backstage.io/docs/auth/guest/provider
// GitHub sign-in (auth.providers.github in app-config.production.yaml)
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// $text/$yaml/$json next to catalog/ files (the built-in resolver only reads URLs)
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-acme-placeholders'),
);

// GET /api/catalog/acme/change-stamp: one cheap value that moves with any change,
// so search does not reread an unchanged catalog
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-acme-change-stamp'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// broken catalog files per location: /api/catalog/entities/unprocessed/*
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));

// catalog from GitHub: repository discovery + teams and members (guarded runs),
// and signed GitHub webhooks (push/repository) for immediate refresh
backend.add(
  import('@internal/backstage-plugin-catalog-backend-module-github-guarded'),
);
backend.add(import('@backstage/plugin-events-backend-module-github'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// every plugin's permission checks: a user's decisions kept for 5 s
// (plugins/permission-node-decision-cache)
backend.add(cachedPermissionsServiceFactory);
// Acme policy: roles from permission.acme (plugins/permission-backend-module-acme-policy)
backend.add(
  import('@internal/backstage-plugin-permission-backend-module-acme-policy'),
);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine: PostgreSQL (Lunr in memory on SQLite), index status at
// /api/search/index-status, ranking, TechDocs built at start, and the catalog
// collator, whose runs skip an unchanged catalog (plugins/search-backend-module-acme)
backend.add(import('@internal/backstage-plugin-search-backend-module-acme'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// events: in-process bus for catalog/signals, and webhook ingress
backend.add(import('@backstage/plugin-events-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// crossplane:claim:* scaffolder actions (clusters from kubernetes.clusterLocatorMethods)
backend.add(
  import('@internal/backstage-plugin-scaffolder-backend-module-crossplane'),
);
backend.add(
  import('@internal/backstage-plugin-scaffolder-backend-module-local-git'),
);
// acme:golden-path:record: generated repositories record template, version, values
backend.add(
  import('@internal/backstage-plugin-scaffolder-backend-module-golden-paths'),
);
// every golden-path version kept renderable; upgrade branches for older services (POST /api/golden-paths/upgrades)
backend.add(import('@internal/backstage-plugin-golden-paths-backend'));
backend.add(import('@internal/backstage-plugin-cost-tracker-backend'));
// Crossplane claims of an entity (GET /api/crossplane/claims), for the entity card
backend.add(import('@internal/backstage-plugin-crossplane-backend'));
backend.add(import('@internal/backstage-plugin-devex-metrics-backend'));
// on-call from PagerDuty for entity pages (GET /api/pagerduty/entities/:kind/:namespace/:name/on-call),
// paging; not configured without pagerDuty.apiToken (plugins/pagerduty-backend)
backend.add(import('@internal/backstage-plugin-pagerduty-backend'));
// audit trail (plugins/audit-backend): every plugin's auditor events and
// permission denials are logged (redacted), stored, served to admins at
// /api/audit/events and forwarded to audit.sink
backend.add(import('@internal/backstage-plugin-audit-backend'));
backend.add(auditorServiceFactory);
backend.add(permissionDenialRecorderServiceFactory);
// readiness also checks PostgreSQL (503 while it is unreachable) and Redis (200, degraded), for replicas behind a Service
backend.add(readinessServiceFactory);
backend.add(loopbackUncompressedRootHttpRouterServiceFactory);
// one replica at a time runs startup migrations (PostgreSQL advisory lock)
backend.add(serializedStartupDatabaseServiceFactory);
backend.add(import('@internal/backstage-plugin-campaigns-backend'));
backend.add(import('@internal/backstage-plugin-portal-actions-backend'));
backend.start();
