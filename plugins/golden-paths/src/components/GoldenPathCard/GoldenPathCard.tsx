import { useState } from 'react';
import {
  InfoCard,
  Link,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  Entity,
  getCompoundEntityRef,
  getEntitySourceLocation,
  parseEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  goldenPathUpgradeCreatePermission,
  ServiceGoldenPath,
} from '@internal/backstage-plugin-golden-paths-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { conflictInWords, reviewInWords } from '../format';

function templatePath(templateRef: string): string {
  const { namespace, name } = parseEntityRef(templateRef);
  return `/create/templates/${namespace}/${name}`;
}

/**
 * The day-2 template adding a database migration
 * (templates/db-migration.template.yaml), with this service filled in.
 */
function migrationPath(entityRef: string): string {
  const formData = encodeURIComponent(JSON.stringify({ component: entityRef }));
  return `/create/templates/default/db-migration?formData=${formData}`;
}

/**
 * The golden paths whose stack the migration template has a tool for
 * (acme:db-migration:add in scaffolder-backend-module-golden-paths).
 */
const MIGRATION_STACKS = [
  'template:default/python-fastapi-service',
  'template:default/go-service',
  'template:default/typescript-node-service',
];

/** The annotation naming the file a generated repository records itself in. */
const RECORD_ANNOTATION = 'acme.io/golden-path-record';

/**
 * Where the record file can be read: a link when the repository has a web
 * page (GitHub), its path otherwise (local git).
 */
function RecordFile({ entity }: { entity: Entity }) {
  const file = entity.metadata.annotations?.[RECORD_ANNOTATION];
  if (!file) return null;
  let url: string | undefined;
  try {
    const { target } = getEntitySourceLocation(entity);
    if (/^https?:/.test(target)) url = new URL(file, target).toString();
  } catch {
    // no source location: the path alone says where to look
  }
  return (
    <Typography variant="body2" paragraph>
      The template, version and values it was made with are in{' '}
      {url ? <Link to={url}>{file}</Link> : <code>{file}</code>} of its
      repository.
    </Typography>
  );
}

function UpgradeBranch({ path }: { path: ServiceGoldenPath }) {
  const upgrade = path.upgrade!;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">
        {upgrade.pullRequest ? (
          <Link to={upgrade.pullRequest.url}>
            Pull request #{upgrade.pullRequest.number}
          </Link>
        ) : (
          'Upgrade branch'
        )}{' '}
        <code>{upgrade.branch}</code> ({upgrade.fromVersion} →{' '}
        {upgrade.toVersion}): {reviewInWords(upgrade.review)}
      </Typography>
      {upgrade.review === 'open' && upgrade.state === 'clean' && (
        <Typography variant="body2">
          Merges without conflicts: the template&apos;s changes on top of your
          team&apos;s. Review it and merge it.
        </Typography>
      )}
      {upgrade.review === 'open' && upgrade.state === 'conflicts' && (
        <>
          <Typography variant="body2">
            {upgrade.conflicts.length === 1
              ? '1 file needs your decision:'
              : `${upgrade.conflicts.length} files need your decision:`}
          </Typography>
          <ul aria-label="Conflicts">
            {upgrade.conflicts.map(c => (
              <li key={c.path}>
                <Typography variant="body2">
                  <code>{c.path}</code>: {conflictInWords(c)}
                </Typography>
              </li>
            ))}
          </ul>
        </>
      )}
      {upgrade.review === 'open' && (
        <Typography variant="body2" component="div">
          Check it out:{' '}
          <code>git fetch origin &amp;&amp; git checkout {upgrade.branch}</code>
        </Typography>
      )}
    </Box>
  );
}

/**
 * The golden path a service was made from: its version, what the versions
 * since changed (from the template's changelog), and the upgrade branch
 * when the platform team has prepared one.
 */
export function GoldenPathCard() {
  const { entity } = useEntity();
  const api = useApi(goldenPathsApiRef);
  const { allowed: canUpgrade } = usePermission({
    permission: goldenPathUpgradeCreatePermission,
  });
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getService(getCompoundEntityRef(entity)),
    [api, entity],
  );
  const [preparing, setPreparing] = useState(false);
  const [prepareError, setPrepareError] = useState<Error>();

  const prepare = async () => {
    if (!value) return;
    setPreparing(true);
    setPrepareError(undefined);
    try {
      await api.upgrade(value.entityRef);
      retry();
    } catch (e) {
      setPrepareError(e as Error);
    } finally {
      setPreparing(false);
    }
  };

  const behind =
    value?.version &&
    value.latestVersion &&
    value.version !== value.latestVersion;

  return (
    <InfoCard title="Golden path">
      {loading && !value && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <Typography variant="body1" paragraph>
            Made from{' '}
            <Link to={templatePath(value.templateRef)}>
              {value.templateTitle ?? parseEntityRef(value.templateRef).name}
            </Link>
            {value.version ? `, version ${value.version}` : ''}.
          </Typography>
          <RecordFile entity={entity} />
          {!value.version && (
            <Typography variant="body2">
              The version it was made from is not recorded
              (acme.io/template-version), so no upgrade can be offered.
            </Typography>
          )}
          {value.version && !value.latestVersion && (
            <Typography variant="body2">
              The catalog no longer has this golden path.
            </Typography>
          )}
          {value.version && value.latestVersion && !behind && (
            <Typography variant="body2">
              Up to date: {value.latestVersion} is the golden path&apos;s latest
              version.
            </Typography>
          )}
          {behind && (
            <>
              <Typography variant="subtitle1">
                Version {value.latestVersion} is available
              </Typography>
              {value.missedChanges.length > 0 && (
                <Typography variant="body2">
                  What changed since {value.version}:
                </Typography>
              )}
              {value.missedChanges.map(change => (
                <Box key={change.version} mt={1}>
                  <Typography variant="subtitle2">
                    {change.version}
                    {change.date ? ` (${change.date})` : ''}
                  </Typography>
                  <MarkdownContent content={change.notes} />
                </Box>
              ))}
            </>
          )}
          {value.upgrade && <UpgradeBranch path={value} />}
          {behind && canUpgrade && (
            <Box mt={2}>
              <Button
                variant="contained"
                color="primary"
                disabled={preparing}
                onClick={prepare}
              >
                {value.upgrade
                  ? 'Update the upgrade branch'
                  : 'Prepare the upgrade branch'}
              </Button>
              {preparing && <Progress />}
            </Box>
          )}
          {prepareError && <ResponseErrorPanel error={prepareError} />}
          {MIGRATION_STACKS.includes(value.templateRef) && (
            <Typography variant="body2" style={{ marginTop: 16 }}>
              <Link to={migrationPath(value.entityRef)}>
                Add a database migration
              </Link>{' '}
              (on a branch or pull request for review; the chart runs it before
              each upgrade).
            </Typography>
          )}
        </>
      )}
    </InfoCard>
  );
}
