import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  CampaignInput,
  campaignCreatePermission,
  campaignUpdatePermission,
  dayOf,
} from '@internal/backstage-plugin-campaigns-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { campaignsApiRef } from '../../api/CampaignsApi';
import { campaignRouteRef } from '../../routes';

const KINDS = ['Component', 'API', 'Resource', 'System'];

interface FormState {
  title: string;
  description: string;
  kind: string;
  type: string;
  system: string;
  lifecycle: string;
  owner: string;
  tags: string;
  targetType: 'level' | 'check';
  level: string;
  check: string;
  startDate: string;
  deadline: string;
}

function emptyForm(): FormState {
  const today = new Date();
  return {
    title: '',
    description: '',
    kind: 'Component',
    type: '',
    system: '',
    lifecycle: 'production',
    owner: '',
    tags: '',
    targetType: 'level',
    level: 'gold',
    check: '',
    startDate: dayOf(today),
    deadline: dayOf(new Date(today.getTime() + 56 * 24 * 60 * 60 * 1000)),
  };
}

function toInput(f: FormState): CampaignInput {
  return {
    title: f.title,
    description: f.description,
    scope: {
      kind: f.kind || undefined,
      type: f.type || undefined,
      system: f.system || undefined,
      lifecycle: f.lifecycle || undefined,
      owner: f.owner || undefined,
      tags: f.tags
        .split(',')
        .map(t => t.trim())
        .filter(Boolean),
    },
    target:
      f.targetType === 'level'
        ? { type: 'level', level: f.level }
        : { type: 'check', check: f.check },
    startDate: f.startDate,
    deadline: f.deadline,
  };
}

function fromInput(c: CampaignInput): FormState {
  return {
    title: c.title,
    description: c.description,
    kind: c.scope.kind ?? '',
    type: c.scope.type ?? '',
    system: c.scope.system ?? '',
    lifecycle: c.scope.lifecycle ?? '',
    owner: c.scope.owner ?? '',
    tags: (c.scope.tags ?? []).join(', '),
    targetType: c.target.type,
    level: c.target.type === 'level' ? c.target.level : 'gold',
    check: c.target.type === 'check' ? c.target.check : '',
    startDate: c.startDate,
    deadline: c.deadline,
  };
}

/**
 * `/campaigns/new` and `/campaigns/:id/edit`: the platform team's form.
 * Others are told the form is the platform team's (the backend refuses them
 * too).
 */
export function CampaignForm() {
  const { id } = useParams();
  const api = useApi(campaignsApiRef);
  const navigate = useNavigate();
  const campaignLink = useRouteRef(campaignRouteRef);
  const permission = usePermission({
    permission: id ? campaignUpdatePermission : campaignCreatePermission,
  });
  const [form, setForm] = useState<FormState>(emptyForm);
  const loaded = useAsync(async () => {
    const [targets, existing] = await Promise.all([
      api.getTargets(),
      id ? api.getCampaign(id) : Promise.resolve(undefined),
    ]);
    return { targets, existing };
  }, [api, id]);

  useEffect(() => {
    if (loaded.value?.existing)
      setForm(fromInput(loaded.value.existing.campaign));
  }, [loaded.value]);

  const [saved, save] = useAsyncFn(async () => {
    const input = toInput(form);
    const campaign = id
      ? await api.updateCampaign(id, input)
      : await api.createCampaign(input);
    navigate(campaignLink?.({ id: campaign.id }) ?? '..');
    return campaign;
  }, [api, id, form, navigate, campaignLink]);

  const set = (key: keyof FormState) => (e: { target: { value: unknown } }) =>
    setForm(f => ({ ...f, [key]: String(e.target.value) }));
  const pageTitle = id ? 'Edit campaign' : 'New campaign';

  if (permission.loading || loaded.loading) return <Progress />;
  if (!permission.allowed) {
    return (
      <Page themeId="tool">
        <Header title={pageTitle} />
        <Content>
          <Typography variant="body1">
            Creating and editing campaigns is for the platform team.
          </Typography>
        </Content>
      </Page>
    );
  }
  if (loaded.error) {
    return (
      <Page themeId="tool">
        <Header title={pageTitle} />
        <Content>
          <ResponseErrorPanel error={loaded.error} />
        </Content>
      </Page>
    );
  }
  const targets = loaded.value!.targets;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save();
  };

  return (
    <Page themeId="tool">
      <Header
        title={pageTitle}
        subtitle={loaded.value?.existing?.campaign.title}
      />
      <Content>
        <form onSubmit={onSubmit}>
          <Grid container spacing={3}>
            <Grid item xs={12} md={6}>
              <InfoCard title="What and why">
                <TextField
                  id="campaign-title"
                  label="Title"
                  required
                  fullWidth
                  margin="normal"
                  value={form.title}
                  onChange={set('title')}
                  placeholder="Checkout in production at gold"
                />
                <TextField
                  id="campaign-description"
                  label="Description"
                  fullWidth
                  multiline
                  minRows={3}
                  margin="normal"
                  value={form.description}
                  onChange={set('description')}
                  helperText="Why it matters and where to get help"
                />
                <Grid container spacing={2}>
                  <Grid item xs={6}>
                    <TextField
                      id="campaign-start"
                      label="Start date"
                      type="date"
                      required
                      fullWidth
                      margin="normal"
                      InputLabelProps={{ shrink: true }}
                      value={form.startDate}
                      onChange={set('startDate')}
                      helperText="Owners are notified that day"
                    />
                  </Grid>
                  <Grid item xs={6}>
                    <TextField
                      id="campaign-deadline"
                      label="Deadline"
                      type="date"
                      required
                      fullWidth
                      margin="normal"
                      InputLabelProps={{ shrink: true }}
                      value={form.deadline}
                      onChange={set('deadline')}
                      helperText="Reminder a week before"
                    />
                  </Grid>
                </Grid>
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Scope and target">
                <Grid container spacing={2}>
                  <Grid item xs={6}>
                    <TextField
                      id="campaign-kind"
                      select
                      label="Kind"
                      fullWidth
                      value={form.kind}
                      onChange={set('kind')}
                    >
                      <MenuItem value="">Any kind</MenuItem>
                      {KINDS.map(k => (
                        <MenuItem key={k} value={k}>
                          {k}
                        </MenuItem>
                      ))}
                    </TextField>
                  </Grid>
                  <Grid item xs={6}>
                    <TextField
                      id="campaign-type"
                      label="Type"
                      fullWidth
                      value={form.type}
                      onChange={set('type')}
                      placeholder="service"
                    />
                  </Grid>
                  <Grid item xs={6}>
                    <TextField
                      id="campaign-system"
                      label="System"
                      fullWidth
                      value={form.system}
                      onChange={set('system')}
                      placeholder="checkout"
                    />
                  </Grid>
                  <Grid item xs={6}>
                    <TextField
                      id="campaign-lifecycle"
                      label="Lifecycle"
                      fullWidth
                      value={form.lifecycle}
                      onChange={set('lifecycle')}
                      placeholder="production"
                    />
                  </Grid>
                  <Grid item xs={6}>
                    <TextField
                      id="campaign-owner"
                      label="Owner"
                      fullWidth
                      value={form.owner}
                      onChange={set('owner')}
                      placeholder="team-checkout"
                      helperText="A team; empty: every owner"
                    />
                  </Grid>
                  <Grid item xs={6}>
                    <TextField
                      id="campaign-tags"
                      label="Tags"
                      fullWidth
                      value={form.tags}
                      onChange={set('tags')}
                      helperText="Comma-separated; all must be present"
                    />
                  </Grid>
                  <Grid item xs={6}>
                    <TextField
                      id="campaign-target-type"
                      select
                      label="Target"
                      fullWidth
                      value={form.targetType}
                      onChange={set('targetType')}
                    >
                      <MenuItem value="level">A scorecard level</MenuItem>
                      <MenuItem value="check">One check passes</MenuItem>
                    </TextField>
                  </Grid>
                  <Grid item xs={6}>
                    {form.targetType === 'level' ? (
                      <TextField
                        id="campaign-level"
                        select
                        label="Level"
                        fullWidth
                        value={form.level}
                        onChange={set('level')}
                        helperText="Or higher"
                      >
                        {targets.levels.map(l => (
                          <MenuItem key={l} value={l}>
                            {l}
                          </MenuItem>
                        ))}
                      </TextField>
                    ) : (
                      <TextField
                        id="campaign-check"
                        select
                        label="Check"
                        fullWidth
                        value={form.check}
                        onChange={set('check')}
                      >
                        {targets.checks.map(c => (
                          <MenuItem key={c.id} value={c.id}>
                            {c.title}
                          </MenuItem>
                        ))}
                      </TextField>
                    )}
                  </Grid>
                </Grid>
              </InfoCard>
            </Grid>
            {saved.error && (
              <Grid item xs={12}>
                <ResponseErrorPanel error={saved.error} />
              </Grid>
            )}
            <Grid item xs={12}>
              <Box display="flex" style={{ gap: 8 }}>
                <Button
                  type="submit"
                  variant="contained"
                  color="primary"
                  disabled={saved.loading}
                >
                  {id ? 'Save' : 'Create campaign'}
                </Button>
                <Button onClick={() => navigate(-1)}>Cancel</Button>
              </Box>
            </Grid>
          </Grid>
        </form>
      </Content>
    </Page>
  );
}
