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
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { costTrackerApiRef } from '../../api/CostTrackerApi';
import { CostChart } from '../CostChart';
import { formatChange, formatMoney } from '../format';

type Row = { id: string; entityRef: string; amount: number; share: number };

function costColumns(currency: string): TableColumn<Row>[] {
  return [
    {
      title: 'Entity',
      field: 'entityRef',
      highlight: true,
      render: row => {
        const { kind, namespace, name } = parseEntityRef(row.entityRef);
        return (
          <Link to={`/catalog/${namespace}/${kind}/${name}`}>
            {row.entityRef}
          </Link>
        );
      },
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

function toRows(items: Array<{ entityRef: string; amount: number }>): Row[] {
  const sum = items.reduce((s, i) => s + i.amount, 0);
  return items.map(i => ({
    id: i.entityRef,
    entityRef: i.entityRef,
    amount: i.amount,
    share: sum > 0 ? i.amount / sum : 0,
  }));
}

function EntityCosts(props: { entityRef: string; days: number }) {
  const api = useApi(costTrackerApiRef);
  const { value, loading, error } = useAsync(async () => {
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - (props.days - 1) * 86400000)
      .toISOString()
      .slice(0, 10);
    return api.getEntityCost(parseEntityRef(props.entityRef), { from, to });
  }, [api, props.entityRef, props.days]);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  const members = value.members.length
    ? value.members
    : [{ entityRef: value.entityRef, amount: value.total }];
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title={`Daily cost of ${value.entityRef}`}>
          <Typography variant="h4" component="p">
            {formatMoney(value.total, value.currency)}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {value.from} to {value.to}
            {value.change !== null &&
              ` · ${formatChange(value.change)} vs the ${
                props.days
              } days before`}
            {` · compute ${formatMoney(
              value.byCategory.compute,
              value.currency,
            )}`}
            {` · storage ${formatMoney(
              value.byCategory.storage,
              value.currency,
            )}`}
            {` · network ${formatMoney(
              value.byCategory.network,
              value.currency,
            )}`}
            {` · other ${formatMoney(value.byCategory.other, value.currency)}`}
          </Typography>
          <CostChart
            days={value.byDay}
            currency={value.currency}
            height={200}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Table<Row>
          title="Cost by entity"
          options={{ paging: members.length > 20, pageSize: 20, search: true }}
          columns={costColumns(value.currency)}
          data={toRows(members)}
        />
      </Grid>
    </Grid>
  );
}

function TopSpenders(props: { days: number }) {
  const api = useApi(costTrackerApiRef);
  const { value, loading, error } = useAsync(async () => {
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - (props.days - 1) * 86400000)
      .toISOString()
      .slice(0, 10);
    return api.getTopSpenders({ from, to, limit: 50 });
  }, [api, props.days]);
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <Table<Row>
      title={`Top spenders, last ${props.days} days`}
      options={{ paging: false, search: true }}
      columns={costColumns(value?.currency ?? 'USD')}
      data={toRows(value?.items ?? [])}
    />
  );
}

/**
 * The cost page: pick a team, system or domain to see its roll-up with a
 * chart and a sortable table of what it is made of; without one, the top
 * spenders.
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
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
          ],
        })
      ).items,
    [catalogApi],
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

  const options = (owners ?? [])
    .map(e => stringifyEntityRef(e))
    .sort((a, b) => a.localeCompare(b));
  if (entityRef && !options.includes(entityRef)) {
    options.unshift(entityRef);
  }

  return (
    <Content>
      <Grid container spacing={2} style={{ marginBottom: 16 }}>
        <Grid item>
          <FormControl
            variant="outlined"
            size="small"
            style={{ minWidth: 320 }}
          >
            <InputLabel id="cost-entity-label">
              Team, system or domain
            </InputLabel>
            <Select
              labelId="cost-entity-label"
              label="Team, system or domain"
              value={entityRef}
              onChange={e => update('entity', String(e.target.value))}
            >
              <MenuItem value="">Top spenders</MenuItem>
              {options.map(ref => (
                <MenuItem key={ref} value={ref}>
                  {ref}
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
        <TopSpenders days={days} />
      )}
    </Content>
  );
}
