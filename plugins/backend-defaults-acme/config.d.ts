export interface Config {
  /**
   * The egress guard (egressGuardPlugin): outgoing HTTP(S) connections through
   * Node's global agents to these ranges are refused, whatever URL or redirect
   * led there.
   *
   * The readiness and startup-lock factories read only keys that
   * `@backstage/backend-defaults` declares already (`backend.database`,
   * `backend.cache`, `backend.rateLimit.store`); they are not repeated here.
   */
  egressGuard?: {
    /**
     * IP ranges (CIDR, IPv4 or IPv6; a bare address is a single host).
     * Replaces the default list (link-local and cloud metadata addresses:
     * 169.254.0.0/16, fe80::/10, fd00:ec2::254/128, 100.100.100.200/32), so
     * repeat the defaults when adding internal ranges. Drop 169.254.0.0/16
     * only if the backend gets cloud credentials from instance metadata.
     */
    denyCidrs?: string[];
  };
}
