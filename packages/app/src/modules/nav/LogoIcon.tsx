import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
  mark: { fill: '#7df3e1' },
});

/** The Acme mark shown in the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 60 60"
      role="img"
      aria-label="Acme"
    >
      <path
        className={classes.mark}
        d="M30 4 56 56H44l-5-11H21l-5 11H4zm0 17-6 14h12z"
      />
    </svg>
  );
};
