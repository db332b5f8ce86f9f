import { Fragment, useMemo } from 'react';
import { Content } from '@backstage/core-components';
import { CustomHomepageGrid } from '@backstage/plugin-home';
import { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';

/**
 * Grid columns per breakpoint of the content area. Upstream gives the md
 * breakpoint (960-1280 px of content: a laptop at 1440 px, beside the
 * sidebar) 10 columns, so a 12-column layout such as ours no longer fits
 * there: widgets in the right half were pushed below the left ones and the
 * page had a hole beside the welcome card.
 */
export const homeGridColumns = { xl: 12, lg: 12, md: 12, sm: 6, xs: 4, xxs: 2 };

/** The home page grid: upstream's default layout with our columns. */
export function HomePageLayout({
  widgets,
  defaultConfig,
}: HomePageLayoutProps) {
  const config = useMemo(
    () =>
      defaultConfig?.map(item => ({
        component: item.component,
        x: item.column,
        y: item.row,
        width: item.width,
        height: item.height,
        movable: item.movable,
        deletable: item.deletable,
        resizable: item.resizable,
      })),
    [defaultConfig],
  );
  return (
    <Content>
      <CustomHomepageGrid config={config} cols={homeGridColumns}>
        {widgets.map((widget, index) => (
          <Fragment key={widget.name ?? index}>{widget.component}</Fragment>
        ))}
      </CustomHomepageGrid>
    </Content>
  );
}
