import {
  createUnifiedTheme,
  defaultComponentThemes,
  palettes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import LightIcon from '@material-ui/icons/WbSunny';
import DarkIcon from '@material-ui/icons/Brightness2';

/**
 * Backstage's table cells use `word-break: break-word`, which lets a browser
 * shrink a column below its longest word, so at 1440 px the catalog showed
 * "Ledge/r Servic/e". `overflow-wrap: break-word` only breaks a word that
 * cannot fit on a line of its own, so names keep their words.
 */
const tableCellRoot = defaultComponentThemes?.MuiTableCell?.styleOverrides
  ?.root as ((props: { theme: unknown }) => object) | undefined;
const tableCellHead = defaultComponentThemes?.MuiTableCell?.styleOverrides
  ?.head as ((props: { theme: unknown }) => object) | undefined;

export const components = {
  ...defaultComponentThemes,
  MuiTableCell: {
    ...defaultComponentThemes?.MuiTableCell,
    styleOverrides: {
      ...defaultComponentThemes?.MuiTableCell?.styleOverrides,
      root: (props: { theme: unknown }) => ({
        ...tableCellRoot?.(props),
        wordBreak: 'normal',
        overflowWrap: 'break-word',
      }),
      head: (props: { theme: unknown }) => ({
        ...tableCellHead?.(props),
        wordBreak: 'normal',
        overflowWrap: 'break-word',
      }),
    },
  },
} as typeof defaultComponentThemes;

const light = createUnifiedTheme({ palette: palettes.light, components });
const dark = createUnifiedTheme({ palette: palettes.dark, components });

// Same ids as the app plugin's own themes, which these replace.
const lightTheme = ThemeBlueprint.make({
  name: 'light',
  params: {
    theme: {
      id: 'light',
      title: 'Light Theme',
      variant: 'light',
      icon: <LightIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider theme={light}>{children}</UnifiedThemeProvider>
      ),
    },
  },
});

const darkTheme = ThemeBlueprint.make({
  name: 'dark',
  params: {
    theme: {
      id: 'dark',
      title: 'Dark Theme',
      variant: 'dark',
      icon: <DarkIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider theme={dark}>{children}</UnifiedThemeProvider>
      ),
    },
  },
});

/** The portal's themes: Backstage's, with tables that keep words whole. */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [lightTheme, darkTheme],
});
