import { useEffect, useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Link,
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
  UpgradeCampaign,
} from '@internal/backstage-plugin-golden-paths-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { services as servicesInWords } from '../format';

type Service = FleetTemplate['services'][number];

/** How often a running campaign's progress is read. */
const DEFAULT_CAMPAIGN_POLL_MS = 2000;

/** The choice of every service behind the latest, not below a version. */
const EVERY_SERVICE_BEHIND = 'behind';

/** Failures listed before "Show all". */
const FAILURES_SHOWN = 5;

/** Orders two `major.minor.patch` versions. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  }
  return 0;
}

function isBehind(template: FleetTemplate, service: Service): boolean {
  return Boolean(
    template.latestVersion &&
      service.version &&
      compareVersions(service.version, template.latestVersion) < 0,
  );
}

/** The backend's words, not "Request failed with 404". */
function messageOf(error: unknown): string {
  return (
    (error as ResponseError).body?.error?.message ?? (error as Error).message
  );
}

function StatusChip({
  template,
  service,
}: {
  template: FleetTemplate;
  service: Service;
}) {
  const upgrade = service.upgrade;
  if (!service.version) return <Chip size="small" label="Version unknown" />;
  if (!isBehind(template, service)) {
    return upgrade?.review === 'merged' ? (
      <Chip
        size="small"
        label={`Upgrade to ${upgrade.toVersion} merged`}
        color="primary"
        variant="outlined"
      />
    ) : (
      <Chip size="small" label="Up to date" />
    );
  }
  if (upgrade?.review === 'closed') {
    return (
      <Chip
        size="small"
        variant="outlined"
        label={`Upgrade to ${upgrade.toVersion} closed without merging`}
      />
    );
  }
  if (upgrade?.state === 'clean') {
    return (
      <Chip
        size="small"
        color="primary"
        label={`Upgrade branch to ${upgrade.toVersion}: ready to merge`}
      />
    );
  }
  if (upgrade?.state === 'conflicts') {
    return (
      <Chip
        size="small"
        color="secondary"
        label={`Upgrade branch to ${
          upgrade.toVersion
        }: conflicts in ${upgrade.conflicts.map(c => c.path).join(', ')}`}
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

/** The service's upgrade state, and its pull request when it has one. */
function Status(props: { template: FleetTemplate; service: Service }) {
  const pullRequest = props.service.upgrade?.pullRequest;
  return (
    <>
      <StatusChip {...props} />
      {pullRequest && (
        <Box component="span" ml={1}>
          <Link to={pullRequest.url}>PR #{pullRequest.number}</Link>
        </Box>
      )}
    </>
  );
}

function Person({ principal }: { principal: string }) {
  return principal.startsWith('user:') ? (
    <EntityRefLink entityRef={principal} />
  ) : (
    <>{principal}</>
  );
}

/** A campaign's progress: done of total, outcomes, failures and why. */
function CampaignProgress({
  template,
  campaign,
  pollError,
}: {
  template: FleetTemplate;
  campaign: UpgradeCampaign;
  pollError?: string;
}) {
  const [allFailures, setAllFailures] = useState(false);
  const { counts, failures } = campaign;
  const running = campaign.status === 'running';
  const shown = allFailures ? failures : failures.slice(0, FAILURES_SHOWN);
  return (
    <Box mb={2} aria-label={`${template.title} upgrade campaign`}>
      <Typography variant="subtitle2">
        {running
          ? `Upgrading to ${campaign.toVersion}`
          : `Upgrade to ${campaign.toVersion} finished`}
        {campaign.belowVersion
          ? `, services below ${campaign.belowVersion}`
          : ''}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        Started by <Person principal={campaign.createdBy} /> on{' '}
        {new Date(campaign.createdAt).toLocaleString()}
        {running
          ? '. The portal carries on if you close this page.'
          : `, finished ${new Date(
              campaign.finishedAt ?? campaign.createdAt,
            ).toLocaleString()}.`}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={(100 * campaign.done) / Math.max(campaign.total, 1)}
      />
      <Typography variant="body2">
        {campaign.done} of {servicesInWords(campaign.total)} done:{' '}
        {counts.clean} ready to merge, {counts.conflicts} with conflicts,{' '}
        {counts.upToDate} already up to date, {counts.failed} failed
      </Typography>
      {pollError && (
        <Typography variant="body2" color="error">
          The progress could not be read ({pollError}); trying again.
        </Typography>
      )}
      {shown.map(f => (
        <Typography key={f.entityRef} variant="body2" color="error">
          <EntityRefLink entityRef={f.entityRef} />: {f.message}
        </Typography>
      ))}
      {failures.length > FAILURES_SHOWN && (
        <Button size="small" onClick={() => setAllFailures(!allFailures)}>
          {allFailures
            ? 'Show fewer failures'
            : `Show all ${failures.length} failures`}
        </Button>
      )}
    </Box>
  );
}

/** One golden path: versions in use, its services, and its upgrade campaign. */
function GoldenPathFleet({
  template,
  canUpgrade,
  onChange,
  pollMs,
}: {
  template: FleetTemplate;
  canUpgrade: boolean;
  onChange: () => void;
  pollMs: number;
}) {
  const api = useApi(goldenPathsApiRef);
  const [campaign, setCampaign] = useState<UpgradeCampaign>();
  const [pollError, setPollError] = useState<{ message: string; at: number }>();
  const [startError, setStartError] = useState<string>();
  const [starting, setStarting] = useState(false);
  /** A version, or every service behind the latest. */
  const [bound, setBound] = useState(EVERY_SERVICE_BEHIND);
  const belowVersion = bound === EVERY_SERVICE_BEHIND ? undefined : bound;
  const latest = template.latestVersion;
  const behind = template.services.filter(s => isBehind(template, s));
  // Every version in use behind the latest but the oldest can be a bound.
  const bounds = template.versions
    .filter(v => latest && v.version !== 'unknown' && v.version !== latest)
    .filter(v => compareVersions(v.version, latest!) < 0)
    .slice(0, -1)
    .map(v => v.version);
  const selected = belowVersion
    ? behind.filter(s => compareVersions(s.version!, belowVersion) < 0)
    : behind;
  const running = campaign?.status === 'running';

  // The golden path's latest campaign, running or finished, when the page opens.
  useEffect(() => {
    let cancelled = false;
    api
      .listCampaigns({ templateRef: template.templateRef, limit: 1 })
      .then(([latestCampaign]) => {
        if (!cancelled && latestCampaign) {
          setCampaign(current => current ?? latestCampaign);
        }
      })
      .catch(() => {
        // the page works without it; starting one says what is wrong
      });
    return () => {
      cancelled = true;
    };
  }, [api, template.templateRef]);

  // Live progress: read again while it runs, the fleet once it has finished.
  useEffect(() => {
    if (!campaign || campaign.status !== 'running') return undefined;
    const timer = setTimeout(async () => {
      try {
        const next = await api.getCampaign(campaign.id);
        setPollError(undefined);
        setCampaign(next);
        if (next.status !== 'running') onChange();
      } catch (e) {
        setPollError({ message: messageOf(e), at: Date.now() });
      }
    }, pollMs);
    return () => clearTimeout(timer);
  }, [api, campaign, pollError, pollMs, onChange]);

  const start = async () => {
    setStarting(true);
    setStartError(undefined);
    try {
      setCampaign(
        await api.startCampaign({
          templateRef: template.templateRef,
          ...(belowVersion ? { belowVersion } : {}),
        }),
      );
    } catch (e) {
      setStartError(messageOf(e));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Box mb={3}>
      <InfoCard
        title={template.title}
        subheader={
          latest ? `Latest version ${latest}` : 'No longer in the catalog'
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
          <Box mb={2} display="flex" alignItems="center" style={{ gap: 16 }}>
            {bounds.length > 0 && (
              <TextField
                select
                size="small"
                variant="outlined"
                label="Which services"
                value={bound}
                onChange={e => setBound(e.target.value)}
                disabled={running || starting}
              >
                <MenuItem value={EVERY_SERVICE_BEHIND}>
                  Every service behind {latest}
                </MenuItem>
                {bounds.map(v => (
                  <MenuItem key={v} value={v}>
                    Services on a version below {v}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <Button
              variant="contained"
              color="primary"
              disabled={running || starting || selected.length === 0}
              onClick={start}
            >
              Upgrade {belowVersion ? '' : 'the '}
              {servicesInWords(selected.length)}
              {belowVersion ? ` below ${belowVersion}` : ' behind'} to {latest}
            </Button>
          </Box>
        )}
        {startError && (
          <Box mb={2}>
            <Typography variant="body2" color="error">
              The campaign could not start: {startError}
            </Typography>
          </Box>
        )}
        {campaign && (
          <CampaignProgress
            template={template}
            campaign={campaign}
            pollError={pollError?.message}
          />
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
 * upgrade state and pull request, and (with `golden-paths.upgrade.create`)
 * an upgrade campaign the backend runs for every service behind, with live
 * progress that survives closing the page.
 */
export function FleetPage(props: {
  /** How often a running campaign's progress is read; 2 s by default. */
  campaignPollMs?: number;
}) {
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
        subtitle="Which version of each golden path the services are on, and their upgrades"
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
            pollMs={props.campaignPollMs ?? DEFAULT_CAMPAIGN_POLL_MS}
          />
        ))}
      </Content>
    </Page>
  );
}
