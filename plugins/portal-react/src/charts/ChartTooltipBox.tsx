import { ReactNode } from 'react';
import { useTheme } from '@material-ui/core/styles';

/**
 * The box of a chart's tooltip (recharts `<Tooltip content>`): the theme's
 * paper with a divider border, so every chart's tooltip looks the same.
 *
 * @public
 */
export function ChartTooltipBox(props: { children?: ReactNode }) {
  const theme = useTheme();
  return (
    <div
      style={{
        background: theme.palette.background.paper,
        border: `1px solid ${theme.palette.divider}`,
        padding: '6px 10px',
      }}
    >
      {props.children}
    </div>
  );
}
