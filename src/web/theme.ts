import { createTheme, DEFAULT_THEME, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

const FONT = '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Meiryo", "Noto Sans JP", "Noto Sans CJK JP", sans-serif';
const MONO = 'ui-monospace, "SFMono-Regular", "Menlo", "Consolas", "Noto Sans Mono CJK JP", monospace';

/** Replace the darkest shade so filled and light variants reach WCAG AA contrast with white text. */
function darkened(name: 'green' | 'teal' | 'orange' | 'yellow' | 'cyan', shade9: string): MantineColorsTuple {
  const base = [...(DEFAULT_THEME.colors[name] ?? [])] as string[];
  base[9] = shade9;
  return base as unknown as MantineColorsTuple;
}

export const theme = createTheme({
  fontFamily: FONT,
  fontFamilyMonospace: MONO,
  headings: { fontFamily: FONT, fontWeight: '700' },
  primaryColor: 'blue',
  // Shade 9 is used for filled buttons, badges and links: every colour below keeps ≥ 4.5:1.
  primaryShade: { light: 9, dark: 8 },
  colors: {
    green: darkened('green', '#1e6b30'),
    teal: darkened('teal', '#0b6650'),
    orange: darkened('orange', '#a63f00'),
    yellow: darkened('yellow', '#7a5200'),
    cyan: darkened('cyan', '#0b6475'),
  },
  lineHeights: { xs: '1.6', sm: '1.6', md: '1.7', lg: '1.7', xl: '1.7' },
  focusRing: 'auto',
  defaultRadius: 'sm',
  cursorType: 'pointer',
  components: {
    TextInput: { defaultProps: { inputWrapperOrder: ['label', 'description', 'input', 'error'] } },
    Modal: { defaultProps: { centered: true } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': '#6c737a',
    '--mantine-color-anchor': 'var(--mantine-color-blue-9)',
  },
  dark: {},
});
