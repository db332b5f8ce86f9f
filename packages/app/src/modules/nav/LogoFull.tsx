import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  mark: { fill: '#7df3e1' },
  text: { fill: '#ffffff', fontFamily: 'Helvetica, Arial, sans-serif' },
});

/** The Acme Developer Portal word mark shown in the expanded sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 300 60"
      role="img"
      aria-label="Acme Developer Portal"
    >
      <path
        className={classes.mark}
        d="M30 4 56 56H44l-5-11H21l-5 11H4zm0 17-6 14h12z"
      />
      <text
        className={classes.text}
        x="66"
        y="30"
        fontSize="24"
        fontWeight="700"
      >
        Acme
      </text>
      <text className={classes.text} x="66" y="54" fontSize="17">
        Developer Portal
      </text>
    </svg>
  );
};
