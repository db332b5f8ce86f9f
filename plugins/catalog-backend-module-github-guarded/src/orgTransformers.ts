import {
  defaultOrganizationTeamTransformer,
  defaultUserTransformer,
  TeamTransformer,
  UserTransformer,
} from '@backstage/plugin-catalog-backend-module-github';

/**
 * Upstream's org provider builds its own GraphQL client, so no AbortSignal
 * reaches its requests. Its transformers run for every user and team of each
 * page as it arrives: these stop a cancelled attempt there, at the next page,
 * and otherwise produce exactly what upstream's defaults produce for
 * GithubMultiOrgEntityProvider.
 */
export function abortableOrgTransformers(options: {
  /** The signal of the attempt in progress, if any. */
  signal: () => AbortSignal | undefined;
  alwaysUseDefaultNamespace: boolean;
}): { userTransformer: UserTransformer; teamTransformer: TeamTransformer } {
  return {
    userTransformer: async (user, ctx) => {
      options.signal()?.throwIfAborted();
      return defaultUserTransformer(user, ctx);
    },
    teamTransformer: async (team, ctx) => {
      options.signal()?.throwIfAborted();
      // What GithubMultiOrgEntityProvider does when given no teamTransformer.
      const group = await defaultOrganizationTeamTransformer(team, ctx);
      if (group?.spec) {
        if (!options.alwaysUseDefaultNamespace) {
          group.metadata.namespace = ctx.org.toLowerCase();
        }
        group.spec.members = team.members.map(
          member => `default/${member.login}`,
        );
      }
      return group;
    },
  };
}
