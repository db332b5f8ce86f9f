export interface Config {
  scaffolder?: {
    /**
     * Offline publishing target of the `publish:local-git` action.
     */
    localGit?: {
      /**
       * Directory holding the bare repositories (`repos/<name>.git`) and the
       * working copies the catalog and TechDocs read (`checkouts/<name>`).
       * Relative paths resolve from the backend's working directory.
       * Defaults to `.local-data/git`.
       * @visibility backend
       */
      baseDir?: string;
      /**
       * Whether `publish:local-git` publishes. `false`: the action is still
       * registered (templates load) but every run fails, saying to publish
       * to GitHub instead; `acme:validate-service` and the UrlReader for
       * `<baseDir>/checkouts` keep working. Defaults to true.
       * @visibility backend
       */
      enabled?: boolean;
      /**
       * `true` declares `baseDir` one volume that every backend replica
       * mounts (ReadWriteMany, e.g. NFS): every replica then sees every
       * repository, and a name is claimed with an atomic `mkdir`, so two
       * tasks (on any replicas) never both create it. Defaults to false.
       * @visibility backend
       */
      shared?: boolean;
      /**
       * How many backend replicas may run at the same time (the Helm chart
       * sets it: `replicaCount`, or `autoscaling.maxReplicas`). More than 1
       * with `enabled` and without `shared`: the backend refuses to start.
       * Defaults to 1.
       * @visibility backend
       */
      replicas?: number;
    };
  };
}
