import {
  Content,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  EntityDisplayName,
  EntityRefLink,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import {
  COST_CATEGORIES,
  OrganizationCost,
} from '@internal/backstage-plugin-cost-tracker-common';
import { costTrackerApiRef } from '../../api/CostTrackerApi';
import { DailyCostChart, TeamCostChart } from '../charts';
import {
  formatDayLong,
  useEntityTitles,
} from '@internal/backstage-plugin-portal-react';
import { formatChange, formatMoney } from '../format';
import { useSortArrowStyles } from '../tableStyles';

const DAY = 86400000;

/** The `days` days ending today (UTC). */
function windowOf(days: number) {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - (days - 1) * DAY)
    .toISOString()
    .slice(0, 10);
  return { from, to };
}

function share(amount: number, total: number) {
  return total > 0 ? `${((amount / total) * 100).toFixed(1)}%` : '–';
}

/** A link to the cost page of a team, system or domain, by its title. */
function CostLink(props: { entityRef: string }) {
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  next.set('entity', props.entityRef);
  return (
    <Link to={`?${next}`}>
      <EntityDisplayName entityRef={props.entityRef} hideIcon />
    </Link>
  );
}

type EntityRow = {
  id: string;
  entityRef: string;
  title: string;
  amount: number;
  share: number;
};

function entityColumns(currency: string): TableColumn<EntityRow>[] {
  return [
    {
      title: 'Entity',
      field: 'title',
      highlight: true,
      customSort: (a, b) => a.title.localeCompare(b.title),
      render: row => <EntityRefLink entityRef={row.entityRef} />,
    },
    {
      title: 'Cost',
      field: 'amount',
      type: 'numeric',
      defaultSort: 'desc',
      render: row => formatMoney(row.amount, currency),
    },
    {
      title: 'Share',
      field: 'share',
      type: 'numeric',
      render: row => `${(row.share * 100).toFixed(1)}%`,
    },
  ];
}

function useEntityRows(
  items: Array<{ entityRef: string; amount: number }>,
  total?: number,
): EntityRow[] {
  const titleOf = useEntityTitles(items.map(i => i.entityRef));
  const sum = total ?? items.reduce((s, i) => s + i.amount, 0);
  return items.map(i => ({
    id: i.entityRef,
    entityRef: i.entityRef,
    title: titleOf(i.entityRef),
    amount: i.amount,
    share: sum > 0 ? i.amount / sum : 0,
  }));
}

function Figure(props: { label: string; value: string; detail?: string }) {
  return (
    <Box>
      <Typography variant="overline" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h5" component="p">
        {props.value}
      </Typography>
      {props.detail && (
        <Typography variant="body2" color="textSecondary">
          {props.detail}
        </Typography>
      )}
    </Box>
  );
}

function EntityCosts(props: { entityRef: string; days: number }) {
  const api = useApi(costTrackerApiRef);
  const sortArrows = useSortArrowStyles();
  const { value, loading, error } = useAsync(
    async () =>
      api.getEntityCost(parseEntityRef(props.entityRef), windowOf(props.days)),
    [api, props.entityRef, props.days],
  );
  const titleOf = useEntityTitles([
    props.entityRef,
    ...(value?.byOwner ?? []).flatMap(o => (o.owner ? [o.owner] : [])),
  ]);
  let members = value?.members ?? [];
  if (value && members.length === 0) {
    members = [{ entityRef: value.entityRef, amount: value.total }];
  }
  const rows = useEntityRows(members);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={`Cost of ${titleOf(value.entityRef)}`}
          subheader={`${formatDayLong(value.from)} to ${formatDayLong(
            value.to,
          )}`}
        >
          <Box display="flex" flexWrap="wrap" style={{ gap: 32 }} mb={2}>
            <Figure
              label="Total"
              value={formatMoney(value.total, value.currency)}
              detail={
                value.change === null
                  ? `no cost in the ${props.days} days before`
                  : `${formatChange(value.change)} vs the ${
                      props.days
                    } days before (${formatMoney(
                      value.previous.total,
                      value.currency,
                    )})`
              }
            />
            {COST_CATEGORIES.filter(
              c => c !== 'other' || value.byCategory.other > 0,
            ).map(c => (
              <Figure
                key={c}
                label={c}
                value={formatMoney(value.byCategory[c], value.currency)}
              />
            ))}
          </Box>
          <DailyCostChart days={value.byDay} currency={value.currency} />
        </InfoCard>
      </Grid>
      {value.byOwner && value.byOwner.length > 1 && (
        <Grid item xs={12}>
          <InfoCard title="Charged to">
            <TeamCostChart
              currency={value.currency}
              total={value.total}
              teams={value.byOwner.map(o => ({
                name: o.owner ? titleOf(o.owner) : 'No owner',
                amount: o.amount,
                unallocated: o.owner === null,
              }))}
            />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12} className={sortArrows.root}>
        <Table<EntityRow>
          title="Cost by entity"
          options={{ paging: members.length > 20, pageSize: 20, search: true }}
          columns={entityColumns(value.currency)}
          data={rows}
        />
      </Grid>
    </Grid>
  );
}

type TeamRow = {
  id: string;
  entityRef?: string;
  title: string;
  amount: number;
  entities?: number;
  direct?: boolean;
};

function OrganizationSummary(props: { org: OrganizationCost; days: number }) {
  const { org } = props;
  const sortArrows = useSortArrowStyles();
  const titleOf = useEntityTitles(org.teams.map(t => t.entityRef));
  const teamName = (t: OrganizationCost['teams'][number]) =>
    t.direct
      ? `${titleOf(t.entityRef)} (owned directly)`
      : titleOf(t.entityRef);
  const rows: TeamRow[] = org.teams.map(t => ({
    id: t.entityRef,
    entityRef: t.entityRef,
    title: teamName(t),
    amount: t.amount,
    entities: t.entities,
    direct: t.direct,
  }));
  if (org.unallocated.total > 0) {
    rows.push({
      id: 'unallocated',
      title: 'Unallocated',
      amount: org.unallocated.total,
    });
  }
  const columns: TableColumn<TeamRow>[] = [
    {
      title: 'Team',
      field: 'title',
      highlight: true,
      customSort: (a, b) => a.title.localeCompare(b.title),
      render: row =>
        row.entityRef ? (
          <>
            <CostLink entityRef={row.entityRef} />
            {row.direct && ' (owned directly)'}
          </>
        ) : (
          <Typography variant="body2" color="textSecondary" component="span">
            Unallocated (no owning team)
          </Typography>
        ),
    },
    {
      title: 'Cost',
      field: 'amount',
      type: 'numeric',
      defaultSort: 'desc',
      render: row => formatMoney(row.amount, org.currency),
    },
    {
      title: 'Share',
      type: 'numeric',
      sorting: false,
      render: row => share(row.amount, org.total),
    },
    {
      title: 'Entities',
      field: 'entities',
      type: 'numeric',
      render: row => row.entities ?? '–',
    },
  ];

  return (
    <>
      <Grid item xs={12} md={4}>
        <InfoCard
          title="Organisation total"
          subheader={`${formatDayLong(org.from)} to ${formatDayLong(org.to)}`}
        >
          <Typography
            variant="h3"
            component="p"
            aria-label="Organisation total"
          >
            {formatMoney(org.total, org.currency)}
          </Typography>
          <Box mt={2} display="grid" style={{ gap: 8 }}>
            <Figure
              label="Charged to teams"
              value={formatMoney(org.allocated, org.currency)}
              detail={`${org.teams.length} teams, ${share(
                org.allocated,
                org.total,
              )} of the total`}
            />
            <Figure
              label="Unallocated"
              value={formatMoney(org.unallocated.total, org.currency)}
              detail={
                org.unallocated.total > 0
                  ? `${share(
                      org.unallocated.total,
                      org.total,
                    )} of the total: cost no team owns`
                  : 'every cost has an owning team'
              }
            />
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard title="Organisation cost over time">
          <DailyCostChart days={org.byDay} currency={org.currency} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Cost per team">
          {rows.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No cost recorded in this window.
            </Typography>
          ) : (
            <TeamCostChart
              currency={org.currency}
              total={org.total}
              teams={rows.map(r => ({
                name: r.title,
                amount: r.amount,
                unallocated: !r.entityRef,
              }))}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} className={sortArrows.root}>
        <Table<TeamRow>
          title="Teams"
          subtitle={`Each cost counted once, under the top-level team that owns it; ${formatMoney(
            org.total,
            org.currency,
          )} in all`}
          options={{ paging: false, search: false }}
          columns={columns}
          data={rows}
        />
      </Grid>
      {org.unallocated.items.length > 0 && (
        <Grid item xs={12}>
          <InfoCard title="Why some cost is unallocated">
            <details>
              <summary>
                <Typography variant="body2" component="span">
                  {org.unallocated.items.length} items,{' '}
                  {formatMoney(org.unallocated.total, org.currency)}
                </Typography>
              </summary>
              <Box component="ul" mt={1}>
                {org.unallocated.items.map(item => (
                  <Typography component="li" variant="body2" key={item.key}>
                    {item.key}: {item.reason}
                    {item.source && ` (${item.source})`},{' '}
                    {formatMoney(item.amount, org.currency)}
                  </Typography>
                ))}
              </Box>
            </details>
          </InfoCard>
        </Grid>
      )}
    </>
  );
}

function TopSpenders(props: { days: number; organizationTotal?: number }) {
  const api = useApi(costTrackerApiRef);
  const sortArrows = useSortArrowStyles();
  const { value, loading, error } = useAsync(
    async () => api.getTopSpenders({ ...windowOf(props.days), limit: 10 }),
    [api, props.days],
  );
  const items = value?.items ?? [];
  const rows = useEntityRows(items, props.organizationTotal);
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  const currency = value?.currency ?? 'USD';
  const sum = items.reduce((s, i) => s + i.amount, 0);
  return (
    <div className={sortArrows.root}>
      <Table<EntityRow>
        title={`Top ${items.length} spenders, last ${props.days} days`}
        subtitle={`Together ${formatMoney(sum, currency)}${
          props.organizationTotal !== undefined
            ? ` of the organisation's ${formatMoney(
                props.organizationTotal,
                currency,
              )}`
            : ''
        }`}
        options={{ paging: false, search: false }}
        columns={entityColumns(currency).map(c =>
          c.title === 'Share' ? { ...c, title: 'Share of total' } : c,
        )}
        data={rows}
      />
    </div>
  );
}

function OrganizationCosts(props: { days: number }) {
  const api = useApi(costTrackerApiRef);
  const { value, loading, error } = useAsync(
    async () => api.getOrganizationCost(windowOf(props.days)),
    [api, props.days],
  );
  return (
    <Grid container spacing={3}>
      {loading && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {error && (
        <Grid item xs={12}>
          <ResponseErrorPanel error={error} />
        </Grid>
      )}
      {value && <OrganizationSummary org={value} days={props.days} />}
      <Grid item xs={12}>
        <TopSpenders days={props.days} organizationTotal={value?.total} />
      </Grid>
    </Grid>
  );
}

/**
 * The cost page: the organisation's total, its cost over time, each team's
 * part and the unallocated rest, and the top spenders; or, with a team,
 * system or domain picked, its roll-up with a chart and a sortable table of
 * what it is made of.
 */
export function CostPage() {
  const [params, setParams] = useSearchParams();
  const entityRef = params.get('entity') ?? '';
  const days = Number(params.get('days') ?? 30) || 30;
  const catalogApi = useApi(catalogApiRef);
  const { value: owners } = useAsync(
    async () =>
      (
        await catalogApi.getEntities({
          filter: { kind: ['Group', 'System', 'Domain'] },
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        })
      ).items.map(e => stringifyEntityRef(e)),
    [catalogApi],
  );
  const refs = owners ?? [];
  if (entityRef && !refs.includes(entityRef)) {
    refs.unshift(entityRef);
  }
  const titleOf = useEntityTitles(refs);
  const kindOf = (ref: string) => parseEntityRef(ref).kind.toLowerCase();
  const options = refs
    .map(ref => ({ ref, title: titleOf(ref), kind: kindOf(ref) }))
    .sort(
      (a, b) => a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title),
    );

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) {
      next.set(key, value);
    } else {
      next.delete(key);
    }
    setParams(next);
  };

  return (
    <Content>
      <Grid container spacing={2} style={{ marginBottom: 16 }}>
        <Grid item>
          <FormControl
            variant="outlined"
            size="small"
            style={{ minWidth: 320 }}
          >
            <InputLabel id="cost-entity-label">Show</InputLabel>
            <Select
              labelId="cost-entity-label"
              label="Show"
              value={entityRef}
              onChange={e => update('entity', String(e.target.value))}
            >
              <MenuItem value="">The whole organisation</MenuItem>
              {options.map(o => (
                <MenuItem key={o.ref} value={o.ref}>
                  {o.title}
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="span"
                    style={{ marginLeft: 8 }}
                  >
                    {o.kind}
                  </Typography>
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        </Grid>
        <Grid item>
          <FormControl
            variant="outlined"
            size="small"
            style={{ minWidth: 140 }}
          >
            <InputLabel id="cost-days-label">Window</InputLabel>
            <Select
              labelId="cost-days-label"
              label="Window"
              value={days}
              onChange={e => update('days', String(e.target.value))}
            >
              {[7, 30, 90].map(d => (
                <MenuItem key={d} value={d}>
                  Last {d} days
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        </Grid>
      </Grid>
      {entityRef ? (
        <EntityCosts entityRef={entityRef} days={days} />
      ) : (
        <OrganizationCosts days={days} />
      )}
    </Content>
  );
}
