import { render, screen } from '@testing-library/react';
import Box from '@material-ui/core/Box';
import { ReactNode, Ref } from 'react';

/** Box's runtime props that its TypeScript types leave out (ref, function children). */
const UntypedBox = Box as unknown as (props: {
  ref?: Ref<HTMLElement>;
  className?: string;
  clone?: boolean;
  children?: ReactNode | ((props: { className: string }) => ReactNode);
  'data-testid'?: string;
}) => JSX.Element;

/**
 * Our patch of @material-ui/core (.yarn/patches): a Box without system style
 * props renders its element without a style sheet of its own; with them it
 * is Material UI's styled Box as before.
 */
describe('Box (patched @material-ui/core)', () => {
  const styleElements = () => document.head.querySelectorAll('style').length;

  it('renders a Box without style props as its element, adding no style sheet', () => {
    const before = styleElements();
    render(
      <>
        {Array.from({ length: 20 }, (_, i) => (
          <Box key={i} component="span" className="label" data-testid={`b${i}`}>
            item {i}
          </Box>
        ))}
      </>,
    );
    expect(styleElements()).toBe(before);
    const box = screen.getByTestId('b3');
    expect(box.tagName).toBe('SPAN');
    expect(box).toHaveClass('MuiBox-root', 'label');
    expect(box).toHaveTextContent('item 3');
  });

  it('keeps the styled Box when a style prop is given', () => {
    const before = styleElements();
    render(
      <Box display="flex" p={2} data-testid="styled">
        x
      </Box>,
    );
    expect(styleElements()).toBeGreaterThan(before);
    const box = screen.getByTestId('styled');
    expect(getComputedStyle(box).display).toBe('flex');
    expect(getComputedStyle(box).padding).toBe('16px');
    // system props are styles, not DOM attributes
    expect(box).not.toHaveAttribute('display');
  });

  it('forwards refs and supports clone and render-function children', () => {
    let ref: HTMLElement | null = null;
    render(
      <>
        <UntypedBox
          ref={el => {
            ref = el;
          }}
          data-testid="ref"
        />
        <Box clone className="extra">
          <a href="/x" className="own" data-testid="clone">
            link
          </a>
        </Box>
        <UntypedBox className="fn">
          {props => (
            <p data-testid="fn" {...props}>
              text
            </p>
          )}
        </UntypedBox>
      </>,
    );
    expect(ref).toBe(screen.getByTestId('ref'));
    expect(screen.getByTestId('clone')).toHaveClass(
      'own',
      'extra',
      'MuiBox-root',
    );
    expect(screen.getByTestId('fn')).toHaveClass('fn', 'MuiBox-root');
  });
});
