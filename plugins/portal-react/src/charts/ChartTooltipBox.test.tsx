import { createTheme, ThemeProvider } from '@material-ui/core/styles';
import { render, screen } from '@testing-library/react';
import { ChartTooltipBox } from './ChartTooltipBox';

describe('ChartTooltipBox', () => {
  it("draws the tooltip on the theme's paper with its divider as border", () => {
    const theme = createTheme({
      palette: { background: { paper: '#123456' }, divider: '#abcdef' },
    });
    render(
      <ThemeProvider theme={theme}>
        <ChartTooltipBox>
          <span>Nov 24, 2026</span>
        </ChartTooltipBox>
      </ThemeProvider>,
    );
    const box = screen.getByText('Nov 24, 2026').parentElement!;
    expect(box).toHaveStyle({ background: '#123456' });
    expect(box.style.border).toBe('1px solid rgb(171, 205, 239)');
  });
});
