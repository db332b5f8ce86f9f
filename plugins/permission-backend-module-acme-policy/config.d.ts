export interface Config {
  permission?: {
    /** Roles of the Acme permission policy (plugins/permission-backend-module-acme-policy). */
    acme?: {
      /**
       * Full entity refs (e.g. `group:default/platform-admins`) whose members
       * administer the portal: refresh and unregister any entity, delete
       * locations, run templates.
       */
      adminGroups?: string[];
      /**
       * Full entity refs whose members may run Software Templates
       * (`scaffolder.task.create`) and see Template entities. A user ref
       * (e.g. `user:development/guest`) also matches that one user.
       */
      templateRunnerGroups?: string[];
      /** Full entity refs whose members get the `platformPermissions`. */
      platformGroups?: string[];
      /**
       * Permission names granted only to `platformGroups`
       * (default: `cost-tracker.admin`, `devex-metrics.admin`,
       * `acme.portal.developer-tools`, `campaigns.campaign.create`,
       * `campaigns.campaign.update`).
       */
      platformPermissions?: string[];
      /**
       * Permission names granted only to `adminGroups`
       * (default: `audit.events.read`, the audit trail).
       */
      adminPermissions?: string[];
    };
  };
}
