import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useState,
} from 'react';
import {
  Content,
  ErrorPanel,
  Header,
  Page,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEventFilter,
  AuditEventRecord,
  AuditOutcome,
} from '@internal/backstage-plugin-audit-common';
import {
  Box,
  Button,
  Chip,
  Grid,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { auditApiRef } from '../../api/AuditApi';

const PAGE_SIZE = 50;

function isResponseError(error: unknown): error is ResponseError {
  return (error as Error | undefined)?.name === 'ResponseError';
}

/** The backend's own message (e.g. which filter is wrong), not just the status. */
function messageOf(error: Error | undefined): string {
  if (isResponseError(error)) {
    return error.body?.error?.message ?? error.message;
  }
  return error?.message ?? '';
}

type FormState = {
  actor: string;
  action: string;
  entity: string;
  outcome: '' | AuditOutcome;
  from: string;
  to: string;
};

const EMPTY_FORM: FormState = {
  actor: '',
  action: '',
  entity: '',
  outcome: '',
  from: '',
  to: '',
};

/** `datetime-local` values are local time; the API wants ISO 8601 (UTC). */
function toIso(local: string): string | undefined {
  if (!local) {
    return undefined;
  }
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function toFilter(form: FormState): AuditEventFilter {
  return {
    actor: form.actor.trim() || undefined,
    action: form.action.trim() || undefined,
    entity: form.entity.trim() || undefined,
    outcome: form.outcome || undefined,
    from: toIso(form.from),
    to: toIso(form.to),
    limit: PAGE_SIZE,
  };
}

const OUTCOME_COLORS: Record<
  AuditOutcome,
  'primary' | 'secondary' | 'default'
> = {
  allowed: 'primary',
  denied: 'secondary',
  failed: 'secondary',
  started: 'default',
};

// Stable across renders: a new empty-content element would make the table
// mount its rows again whenever the names arrive.
const TABLE_OPTIONS = { paging: false, search: false, sorting: false };
const EMPTY = (
  <Box p={2}>
    <Typography>No audit records match.</Typography>
  </Box>
);

/** The names of the refs on the page, as the catalog gave them so far. */
const TitlesContext = createContext<Record<string, string>>({});

/** A ref by the name people read, the ref itself on hover. */
function Named(props: { entityRef: string }) {
  const titles = useContext(TitlesContext);
  return (
    <span title={props.entityRef}>
      {titles[props.entityRef] ?? props.entityRef}
    </span>
  );
}

const columns: TableColumn<AuditEventRecord>[] = [
  {
    title: 'Time',
    field: 'occurredAt',
    render: row => new Date(row.occurredAt).toLocaleString(),
  },
  {
    title: 'Actor',
    render: row => (
      <>
        {row.actor.actorId ? (
          <Named entityRef={row.actor.actorId} />
        ) : (
          '(unknown)'
        )}
        {row.actor.via && (
          <Typography variant="caption" display="block">
            via {row.actor.via}
          </Typography>
        )}
      </>
    ),
  },
  { title: 'Action', field: 'action' },
  {
    title: 'Entity',
    render: row =>
      row.entityRefs.map((ref, i) => (
        <span key={ref}>
          {i > 0 && ', '}
          <Named entityRef={ref} />
        </span>
      )),
  },
  {
    title: 'Outcome',
    render: row => (
      <Chip
        size="small"
        label={row.outcome}
        color={OUTCOME_COLORS[row.outcome]}
      />
    ),
  },
  {
    title: 'Details',
    // One line per record; the full metadata (often long JSON) is folded
    // behind a toggle so rows stay one line tall.
    render: row => {
      const summary =
        [
          row.request && `${row.request.method} ${row.request.url}`,
          row.error && `${row.error.name}: ${row.error.message}`,
        ]
          .filter(Boolean)
          .join(' · ') || 'Details';
      if (!row.meta) {
        return <Typography variant="caption">{summary}</Typography>;
      }
      return (
        <details>
          <summary>
            <Typography variant="caption">{summary}</Typography>
          </summary>
          <Typography
            variant="caption"
            component="pre"
            style={{ whiteSpace: 'pre-wrap', maxWidth: 480, margin: 0 }}
          >
            {JSON.stringify(row.meta, null, 2)}
          </Typography>
        </details>
      );
    },
  },
];

/** The audit trail: filters, a table of records (newest first) and paging. */
export const AuditPage = () => {
  const auditApi = useApi(auditApiRef);
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [filter, setFilter] = useState<AuditEventFilter>(toFilter(EMPTY_FORM));
  const [items, setItems] = useState<AuditEventRecord[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>();

  const load = useCallback(
    async (query: AuditEventFilter, append: boolean) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await auditApi.listEvents(query);
        setItems(previous =>
          append ? [...previous, ...page.items] : page.items,
        );
        setNextCursor(page.nextCursor);
      } catch (e) {
        setError(e as Error);
        if (!append) {
          setItems([]);
          setNextCursor(undefined);
        }
      } finally {
        setLoading(false);
      }
    },
    [auditApi],
  );

  useEffect(() => {
    load(filter, false);
  }, [filter, load]);

  // Names for the actors and entities on the page; unknown refs stay refs.
  const [titles, setTitles] = useState<Record<string, string>>({});
  useEffect(() => {
    const refs = items.flatMap(item => [
      ...(item.actor.actorId ? [item.actor.actorId] : []),
      ...item.entityRefs,
    ]);
    const missing = [...new Set(refs)].filter(r => !(r in titles));
    if (missing.length === 0) {
      return;
    }
    auditApi
      .getEntityTitles(missing)
      .then(found =>
        setTitles(previous => ({
          ...previous,
          ...Object.fromEntries(missing.map(r => [r, found[r] ?? r])),
        })),
      )
      .catch(() => {
        // Without the catalog the refs are still shown.
      });
  }, [auditApi, items, titles]);

  const field = (name: keyof FormState, label: string, helper: string) => (
    <TextField
      id={`audit-filter-${name}`}
      fullWidth
      label={label}
      helperText={helper}
      value={form[name]}
      onChange={e => setForm({ ...form, [name]: e.target.value })}
    />
  );

  const status = isResponseError(error) ? error.response.status : undefined;
  const forbidden = status === 403;

  return (
    <Page themeId="tool">
      <Header
        title="Audit trail"
        subtitle="Who did what on the portal: scaffolder runs, catalog changes, permission denials, deployments"
      />
      <Content>
        {forbidden ? (
          <WarningPanel title="Only portal admins can read the audit trail">
            {messageOf(error)}
          </WarningPanel>
        ) : (
          <>
            <form
              onSubmit={e => {
                e.preventDefault();
                setFilter(toFilter(form));
              }}
            >
              <Grid container spacing={2} alignItems="flex-end">
                <Grid item xs={12} md={4}>
                  {field('actor', 'Actor', 'e.g. user:default/jane')}
                </Grid>
                <Grid item xs={12} md={4}>
                  {field('action', 'Action', 'e.g. scaffolder.task or catalog')}
                </Grid>
                <Grid item xs={12} md={4}>
                  {field('entity', 'Entity', 'e.g. component:default/payments')}
                </Grid>
                <Grid item xs={12} md={3}>
                  <TextField
                    id="audit-filter-outcome"
                    select
                    fullWidth
                    label="Outcome"
                    value={form.outcome}
                    onChange={e =>
                      setForm({
                        ...form,
                        outcome: e.target.value as FormState['outcome'],
                      })
                    }
                  >
                    <MenuItem value="">any</MenuItem>
                    <MenuItem value="allowed">allowed</MenuItem>
                    <MenuItem value="denied">denied</MenuItem>
                    <MenuItem value="failed">failed</MenuItem>
                    <MenuItem value="started">started</MenuItem>
                  </TextField>
                </Grid>
                <Grid item xs={12} md={3}>
                  <TextField
                    fullWidth
                    id="audit-filter-from"
                    type="datetime-local"
                    label="From"
                    InputLabelProps={{ shrink: true }}
                    value={form.from}
                    onChange={e => setForm({ ...form, from: e.target.value })}
                  />
                </Grid>
                <Grid item xs={12} md={3}>
                  <TextField
                    fullWidth
                    id="audit-filter-to"
                    type="datetime-local"
                    label="To"
                    InputLabelProps={{ shrink: true }}
                    value={form.to}
                    onChange={e => setForm({ ...form, to: e.target.value })}
                  />
                </Grid>
                <Grid item xs={12} md={3}>
                  <Button type="submit" variant="contained" color="primary">
                    Apply filters
                  </Button>{' '}
                  <Button
                    onClick={() => {
                      setForm(EMPTY_FORM);
                      setFilter(toFilter(EMPTY_FORM));
                    }}
                  >
                    Clear
                  </Button>
                </Grid>
              </Grid>
            </form>
            <Box mt={2}>
              {error && (
                <ErrorPanel
                  title={status === 400 ? 'Invalid filter' : undefined}
                  error={{ name: error.name, message: messageOf(error) }}
                />
              )}
              {loading && items.length === 0 ? (
                <Progress />
              ) : (
                <TitlesContext.Provider value={titles}>
                  <Table<AuditEventRecord>
                    title={`Audit records (${items.length}${
                      nextCursor ? '+' : ''
                    })`}
                    options={TABLE_OPTIONS}
                    columns={columns}
                    data={items}
                    emptyContent={EMPTY}
                  />
                </TitlesContext.Provider>
              )}
              {nextCursor && (
                <Box mt={1}>
                  <Button
                    disabled={loading}
                    onClick={() =>
                      load({ ...filter, cursor: nextCursor }, true)
                    }
                  >
                    Load older records
                  </Button>
                </Box>
              )}
            </Box>
          </>
        )}
      </Content>
    </Page>
  );
};
