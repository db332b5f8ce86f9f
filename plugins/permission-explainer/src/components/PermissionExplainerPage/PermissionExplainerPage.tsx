import { useState } from 'react';
import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { PermissionExplanation } from '@internal/backstage-plugin-permission-explainer-common';
import { permissionExplainerApiRef } from '../../api/PermissionExplainerApi';

const RESULT_LABEL: Record<PermissionExplanation['result'], string> = {
  ALLOW: 'Allowed',
  DENY: 'Denied',
  CONDITIONAL: 'Only some entities',
};

/** What a chosen user may do in the portal, and the policy rule behind it. */
export function PermissionExplainerPage() {
  const api = useApi(permissionExplainerApiRef);
  const users = useAsync(() => api.listUsers(), [api]);
  const [user, setUser] = useState('');
  const [entity, setEntity] = useState('');
  const [state, explain] = useAsyncFn(
    () => api.explain(user.trim(), entity.trim() || undefined),
    [api, user, entity],
  );
  // Names for the refs of the answer; a ref the catalog lacks stays a ref.
  const titles = useAsync(async () => {
    const answer = state.value;
    if (!answer) {
      return {};
    }
    return api.getEntityTitles([
      answer.user,
      ...answer.ownershipEntityRefs,
      ...(answer.entity ? [answer.entity] : []),
    ]);
  }, [api, state.value]);
  const titleOf = (ref: string) => titles.value?.[ref] ?? ref;

  const columns: TableColumn<PermissionExplanation>[] = [
    { title: 'Permission', field: 'permission' },
    {
      title: 'Decision',
      render: row => RESULT_LABEL[row.result] ?? row.result,
    },
    ...(state.value?.entity
      ? [
          {
            title: `On ${titleOf(state.value.entity)}`,
            render: (row: PermissionExplanation) =>
              row.onEntity
                ? RESULT_LABEL[row.onEntity.result]
                : 'not an entity permission',
          },
        ]
      : []),
    { title: 'Rule', field: 'rule' },
    { title: 'Why', field: 'reason' },
  ];

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title="Which user?">
            <Grid container spacing={2} alignItems="center">
              <Grid item xs={12} md={5}>
                <TextField
                  id="permission-explainer-user"
                  select={!!users.value?.length}
                  fullWidth
                  label="User"
                  value={user}
                  onChange={e => setUser(e.target.value)}
                  helperText={
                    users.error
                      ? `Could not list users: ${users.error.message}`
                      : 'A User entity of the catalog'
                  }
                >
                  {(users.value ?? []).map(u => (
                    <MenuItem key={u.entityRef} value={u.entityRef}>
                      {u.title}
                    </MenuItem>
                  ))}
                </TextField>
              </Grid>
              <Grid item xs={12} md={5}>
                <TextField
                  id="permission-explainer-entity"
                  fullWidth
                  label="Entity (optional)"
                  placeholder="component:default/payment-service"
                  value={entity}
                  onChange={e => setEntity(e.target.value)}
                  helperText="Also decide refresh, unregister and read on this entity"
                />
              </Grid>
              <Grid item xs={12} md={2}>
                <Button
                  variant="contained"
                  color="primary"
                  disabled={!user.trim() || state.loading}
                  onClick={() => explain()}
                >
                  Explain
                </Button>
              </Grid>
            </Grid>
          </InfoCard>
        </Grid>
        {state.loading && (
          <Grid item xs={12}>
            <Progress />
          </Grid>
        )}
        {state.error && (
          <Grid item xs={12}>
            <ResponseErrorPanel error={state.error} />
          </Grid>
        )}
        {state.value && !state.loading && (
          <>
            <Grid item xs={12}>
              <InfoCard title={titleOf(state.value.user)}>
                <Typography variant="body2" gutterBottom>
                  Roles from permission.acme:
                </Typography>
                <div>
                  <Chip
                    label={`Admin: ${state.value.roles.admin ? 'yes' : 'no'}`}
                  />
                  <Chip
                    label={`Template runner: ${
                      state.value.roles.templateRunner ? 'yes' : 'no'
                    }`}
                  />
                  <Chip
                    label={`Platform: ${
                      state.value.roles.platform ? 'yes' : 'no'
                    }`}
                  />
                </div>
                <Typography variant="body2">
                  Owns as (the user and their groups, as at sign-in):{' '}
                  {state.value.ownershipEntityRefs.map(titleOf).join(', ')}
                </Typography>
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <Table
                title="Decisions"
                options={{ paging: false, search: false }}
                columns={columns}
                data={state.value.decisions}
              />
            </Grid>
          </>
        )}
      </Grid>
    </Content>
  );
}
