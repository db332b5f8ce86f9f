import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(
  {
    root: {
      // rjsf's error list above the form ("showErrorList: top", set by the
      // Stepper of @backstage/plugin-scaffolder-react and not configurable
      // through the new frontend system's scaffolder page in 1.55): every
      // field of our templates shows its own error, in words, so the list
      // would say each one a second time.
      '& form.rjsf > .MuiPaper-root:first-child': { display: 'none' },
    },
  },
  { name: 'AcmeScaffolderForm' },
);

/**
 * Shows the scaffolder form's errors once, at their fields: hides the
 * summary list the Stepper puts above the form.
 */
export function FieldErrorsOnly(props: { children: ReactNode }) {
  const classes = useStyles();
  return <div className={classes.root}>{props.children}</div>;
}
