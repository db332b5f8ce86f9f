import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  PagerDutyIncident,
  PagerDutyOnCall,
  PagerDutyService,
  PagerDutyUrgency,
} from '@internal/backstage-plugin-pagerduty-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { FormEvent, useState } from 'react';
import { pagerDutyApiRef } from '../../api/PagerDutyClient';
import { errorMessage } from './format';

/**
 * "Page on-call": a title (prefilled), a required reason and the urgency;
 * creates the incident in the signed-in user's name and shows its number
 * and link.
 */
export function PageOnCallDialog(props: {
  open: boolean;
  onClose: () => void;
  /** Called after an incident was created. */
  onPaged: (incident: PagerDutyIncident) => void;
  entityRef: string;
  entityTitle: string;
  service: PagerDutyService;
  firstOnCall?: PagerDutyOnCall;
}) {
  const { open, onClose, onPaged, entityRef, entityTitle, service } = props;
  const api = useApi(pagerDutyApiRef);
  const [title, setTitle] = useState(`${entityTitle}: paged from the portal`);
  const [reason, setReason] = useState('');
  const [urgency, setUrgency] = useState<PagerDutyUrgency>('high');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<PagerDutyIncident>();

  const close = () => {
    onClose();
    if (created) {
      setCreated(undefined);
      setReason('');
    }
    setError(undefined);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      const answer = await api.createIncident(entityRef, {
        title: title.trim(),
        reason: reason.trim(),
        urgency,
      });
      setCreated(answer.incident);
      onPaged(answer.incident);
    } catch (e) {
      setError(errorMessage(e as Error));
    } finally {
      setSending(false);
    }
  }

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
      <form onSubmit={submit}>
        <DialogTitle>Page on-call for {service.name}</DialogTitle>
        <DialogContent>
          {created ? (
            <Alert severity="success">
              Incident #{created.number} created in PagerDuty.{' '}
              <Link to={created.htmlUrl}>Open incident #{created.number}</Link>
            </Alert>
          ) : (
            <>
              <Typography variant="body2" paragraph>
                Creates a PagerDuty incident on {service.name} in your name
                {props.firstOnCall
                  ? `; ${props.firstOnCall.user.name} (level ${props.firstOnCall.escalationLevel}) is notified first.`
                  : '.'}
              </Typography>
              <TextField
                id="pagerduty-page-title"
                label="Title"
                value={title}
                onChange={e => setTitle(e.target.value)}
                required
                fullWidth
                margin="dense"
                inputProps={{ maxLength: 255 }}
              />
              <TextField
                id="pagerduty-page-reason"
                label="Reason"
                value={reason}
                onChange={e => setReason(e.target.value)}
                required
                fullWidth
                multiline
                minRows={3}
                margin="dense"
                helperText="What is wrong and what you need from on-call; it goes into the incident."
                inputProps={{ maxLength: 2000 }}
              />
              <TextField
                id="pagerduty-page-urgency"
                select
                label="Urgency"
                value={urgency}
                onChange={e => setUrgency(e.target.value as PagerDutyUrgency)}
                margin="dense"
              >
                <MenuItem value="high">High: notify now</MenuItem>
                <MenuItem value="low">Low: during working hours</MenuItem>
              </TextField>
              {error && (
                <Alert severity="error" style={{ marginTop: 16 }}>
                  {error}
                </Alert>
              )}
            </>
          )}
        </DialogContent>
        <DialogActions>
          {created ? (
            <Button onClick={close}>Close</Button>
          ) : (
            <>
              <Button onClick={close}>Cancel</Button>
              <Button
                type="submit"
                color="secondary"
                variant="contained"
                disabled={sending || !reason.trim() || !title.trim()}
              >
                {sending ? 'Paging…' : 'Page'}
              </Button>
            </>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
