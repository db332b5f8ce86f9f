import { render, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import HomeIcon from '@material-ui/icons/Home';
import {
  OverflowTooltip,
  Sidebar,
  SidebarItem,
  SidebarPage,
} from '@backstage/core-components';

/**
 * Our patch of @backstage/core-components (.yarn/patches): sidebar items
 * share one style sheet, and OverflowTooltip clamps its lines with an inline
 * style instead of a style sheet per instance.
 */
describe('core-components (patched)', () => {
  const sheets = (name: string) =>
    document.head.querySelectorAll(`style[data-meta="${name}"]`).length;

  it('attaches the sidebar item styles once for all items', async () => {
    await renderInTestApp(
      <SidebarPage>
        <Sidebar>
          {['a', 'b', 'c', 'd', 'e', 'f'].map(name => (
            <SidebarItem
              key={name}
              icon={HomeIcon}
              to={`/${name}`}
              text={`Item ${name}`}
            />
          ))}
        </Sidebar>
      </SidebarPage>,
    );
    expect(screen.getByText('Item f')).toBeInTheDocument();
    expect(sheets('BackstageSidebarItem')).toBe(1);
  });

  it('clamps OverflowTooltip text to its lines without a sheet per instance', () => {
    render(
      <>
        {[1, 2, 3, 4].map(line => (
          <OverflowTooltip key={line} text={`text ${line}`} line={line} />
        ))}
        <OverflowTooltip text="one line" />
      </>,
    );
    expect(sheets('BackstageOverflowTooltip')).toBe(1);
    expect(screen.getByText('text 3')).toHaveStyle({ WebkitLineClamp: '3' });
    expect(screen.getByText('one line')).toHaveStyle({ WebkitLineClamp: '1' });
    expect(screen.getByText('one line')).toHaveStyle({ overflow: 'hidden' });
  });
});
