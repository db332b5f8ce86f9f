import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { devexMetricsApiRef } from '../../api/DevexMetricsApi';

const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * The DevEx survey: "How likely are you to recommend the platform?" (0-10)
 * and one free-text answer, once per user per period.
 */
export function SurveyWidget(props: { onAnswered?: () => void }) {
  const api = useApi(devexMetricsApiRef);
  const status = useAsyncRetry(() => api.getSurveyStatus(), [api]);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<Error>();

  const submit = async () => {
    if (score === null) return;
    setSending(true);
    setError(undefined);
    try {
      await api.submitSurvey({ score, comment: comment.trim() || undefined });
      status.retry();
      props.onAnswered?.();
    } catch (e) {
      setError(e as Error);
    } finally {
      setSending(false);
    }
  };

  return (
    <InfoCard title="DevEx survey">
      {status.loading && <Progress />}
      {status.error && <ResponseErrorPanel error={status.error} />}
      {status.value?.answered && (
        <Typography>
          Thank you: your answer for {status.value.period} is recorded. The next
          survey opens with the next period.
        </Typography>
      )}
      {status.value && !status.value.answered && (
        <Box display="flex" flexDirection="column" gridGap={12}>
          <Typography id="devex-survey-question">
            How likely are you to recommend the developer platform to a
            colleague? (0 = not at all, 10 = extremely likely)
          </Typography>
          <Box
            display="flex"
            flexWrap="wrap"
            gridGap={4}
            role="group"
            aria-labelledby="devex-survey-question"
          >
            {SCORES.map(s => (
              <Button
                key={s}
                size="small"
                variant={score === s ? 'contained' : 'outlined'}
                color={score === s ? 'primary' : 'default'}
                aria-pressed={score === s}
                aria-label={`Score ${s}`}
                onClick={() => setScore(s)}
                style={{ minWidth: 36 }}
              >
                {s}
              </Button>
            ))}
          </Box>
          <TextField
            id="devex-survey-comment"
            label="What should the platform team improve?"
            multiline
            minRows={2}
            variant="outlined"
            value={comment}
            inputProps={{ maxLength: 2000 }}
            onChange={e => setComment(e.target.value)}
          />
          {error && <ResponseErrorPanel error={error} />}
          <Box>
            <Button
              variant="contained"
              color="primary"
              disabled={score === null || sending}
              onClick={submit}
            >
              Send answer
            </Button>
          </Box>
        </Box>
      )}
    </InfoCard>
  );
}
