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
    };
  };
}
