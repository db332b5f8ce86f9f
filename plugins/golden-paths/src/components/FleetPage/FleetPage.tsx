import { useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  FleetTemplate,
  goldenPathUpgradeCreatePermission,
} from '@internal/backstage-plugin-golden-paths-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { services as servicesInWords } from '../format';

type Service = FleetTemplate['services'][number];

function isBehind(template: FleetTemplate, service: Service): boolean {
  return Boolean(
    template.latestVersion &&
      service.version &&
      service.version !== template.latestVersion,
  );
}

function Status({
  template,
  service,
}: {
  template: FleetTemplate;
  service: Service;
}) {
  if (!service.version) return <Chip size="small" label="Version unknown" />;
  if (!isBehind(template, service)) {
    return <Chip size="small" label="Up to date" />;
  }
  if (service.upgrade?.state === 'clean') {
    return (
      <Chip
        size="small"
        color="primary"
        label={`Upgrade branch to ${service.upgrade.toVersion}: ready to merge`}
      />
    );
  }
  if (service.upgrade?.state === 'conflicts') {
    return (
      <Chip
        size="small"
        color="secondary"
        label={`Upgrade branch to ${
          service.upgrade.toVersion
        }: conflicts in ${service.upgrade.conflicts
          .map(c => c.path)
          .join(', ')}`}
      />
    );
  }
  return (
    <Chip
      size="small"
      variant="outlined"
      label={`${template.latestVersion} available`}
    />
  );
}

interface CampaignProgress {
  done: number;
  total: number;
  conflicts: number;
  failed: Array<{ entityRef: string; message: string }>;
}

/** One golden path: versions in use, its services, and the campaign button. */
function GoldenPathFleet({
  template,
  canUpgrade,
  onChange,
}: {
  template: FleetTemplate;
  canUpgrade: boolean;
  onChange: () => void;
}) {
  const api = useApi(goldenPathsApiRef);
  const [progress, setProgress] = useState<CampaignProgress>();
  const behind = template.services.filter(s => isBehind(template, s));
  const running = progress !== undefined && progress.done < progress.total;

  // One service after the other: each upgrade renders two versions through
  // the scaffolder, and the progress is what the platform team watches.
  const upgradeAll = async () => {
    const state: CampaignProgress = {
      done: 0,
      total: behind.length,
      conflicts: 0,
      failed: [],
    };
    setProgress({ ...state });
    for (const service of behind) {
      try {
        const result = await api.upgrade(service.entityRef);
        if (result.status === 'upgrade' && result.state === 'conflicts') {
          state.conflicts += 1;
        }
      } catch (e) {
        state.failed.push({
          entityRef: service.entityRef,
          // the backend's words, not "Request failed with 404"
          message:
            (e as ResponseError).body?.error?.message ?? (e as Error).message,
        });
      }
      state.done += 1;
      setProgress({ ...state, failed: [...state.failed] });
    }
    onChange();
  };

  return (
    <Box mb={3}>
      <InfoCard
        title={template.title}
        subheader={
          template.latestVersion
            ? `Latest version ${template.latestVersion}`
            : 'No longer in the catalog'
        }
      >
        <Typography variant="body2" paragraph>
          {template.versions.length === 0
            ? 'No service was made from this golden path yet.'
            : `In use: ${template.versions
                .map(v => `${v.version} by ${servicesInWords(v.services)}`)
                .join(', ')}.`}
        </Typography>
        {canUpgrade && behind.length > 0 && (
          <Box mb={2}>
            <Button
              variant="contained"
              color="primary"
              disabled={running}
              onClick={upgradeAll}
            >
              Prepare upgrade branches for the {servicesInWords(behind.length)}{' '}
              behind
            </Button>
          </Box>
        )}
        {progress && (
          <Box mb={2} aria-label={`${template.title} upgrade progress`}>
            <LinearProgress
              variant="determinate"
              value={(100 * progress.done) / Math.max(progress.total, 1)}
            />
            <Typography variant="body2">
              {progress.done} of {progress.total} done, {progress.conflicts}{' '}
              with conflicts, {progress.failed.length} failed
            </Typography>
            {progress.failed.map(f => (
              <Typography key={f.entityRef} variant="body2" color="error">
                {f.entityRef}: {f.message}
              </Typography>
            ))}
          </Box>
        )}
        {template.services.length > 0 && (
          <Table
            size="small"
            aria-label={`Services made from ${template.title}`}
          >
            <TableHead>
              <TableRow>
                <TableCell>Service</TableCell>
                <TableCell>Owner</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Status</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {template.services.map(service => (
                <TableRow key={service.entityRef}>
                  <TableCell>
                    <EntityRefLink entityRef={service.entityRef} />
                  </TableCell>
                  <TableCell>
                    {service.owner ? (
                      <EntityRefLink entityRef={service.owner} />
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell>{service.version ?? 'unknown'}</TableCell>
                  <TableCell>
                    <Status template={template} service={service} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </InfoCard>
    </Box>
  );
}

/**
 * The platform team's view of the golden paths: per golden path, the
 * versions in use and how many services are on each, every service's
 * upgrade state, and (with `golden-paths.upgrade.create`) upgrade branches
 * for every service behind, one after the other with live progress.
 */
export function FleetPage() {
  const api = useApi(goldenPathsApiRef);
  const { allowed: canUpgrade } = usePermission({
    permission: goldenPathUpgradeCreatePermission,
  });
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getFleet(),
    [api],
  );
  return (
    <Page themeId="tool">
      <Header
        title="Golden paths"
        subtitle="Which version of each golden path the services are on, and their upgrade branches"
      />
      <Content>
        {loading && !value && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value?.map(template => (
          <GoldenPathFleet
            key={template.templateRef}
            template={template}
            canUpgrade={canUpgrade}
            onChange={retry}
          />
        ))}
      </Content>
    </Page>
  );
}
