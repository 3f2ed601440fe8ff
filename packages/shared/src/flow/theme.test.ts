import { describe, expect, it } from 'vitest';
import { FlowDefinition } from './flow.schema.js';
import { contrastText, isThemeColour, themeProperties, THEME_FONTS } from './theme-values.js';

const flow = (theme: unknown) => ({ name: 'x', theme, steps: [{ id: 'e', prompt: {}, answer: { type: 'end' } }] });
const issues = (theme: unknown) => {
  const parsed = FlowDefinition.safeParse(flow(theme));
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('flow theme', () => {
  it('takes every field with safe values; a flow without a theme parses as before', () => {
    const theme = { accent: '#4f46e5', background: 'rgb(250, 250, 255)', font: 'serif', radius: 8, position: 'left', label: 'Tell us', avatar: '/media/ada.jpg' };
    expect(FlowDefinition.parse(flow(theme)).theme).toEqual(theme);
    expect(FlowDefinition.parse({ name: 'x', steps: [{ id: 'e', prompt: {}, answer: { type: 'end' } }] })).not.toHaveProperty('theme');
    expect(issues({ accent: '#FFF', background: 'rgba(0,0,0,0.5)' })).toEqual([]);
  });

  it('refuses anything that could carry CSS or script, naming the field', () => {
    expect(issues({ accent: 'red; background: url(https://evil)' })).toEqual(['theme.accent: use a hex colour (#4f46e5) or rgb(r, g, b) / rgba(r, g, b, a)']);
    expect(issues({ background: 'rgb(300, 0, 0)' })).toHaveLength(1);
    expect(issues({ background: 'var(--x)' })).toHaveLength(1);
    expect(issues({ font: 'Comic Sans; }' })[0]).toMatch(/^theme\.font: /);
    expect(issues({ radius: 33 })[0]).toMatch(/^theme\.radius: /);
    expect(issues({ radius: 2.5 })[0]).toMatch(/^theme\.radius: /);
    expect(issues({ position: 'top' })[0]).toMatch(/^theme\.position: /);
    expect(issues({ label: 'x'.repeat(41) })[0]).toMatch(/^theme\.label: /);
    expect(issues({ label: '   ' })[0]).toMatch(/^theme\.label: /);
    expect(issues({ avatar: 'javascript:alert(1)' })[0]).toMatch(/^theme\.avatar: /);
  });

  it('turns a theme into the widget’s custom properties, dropping values that fail their check', () => {
    expect(themeProperties({ accent: '#ffeb3b', background: '#000', font: 'mono', radius: 0 })).toEqual({
      '--reelback-accent': '#ffeb3b',
      '--reelback-accent-contrast': '#111',
      '--reelback-background': '#000',
      '--reelback-color': '#fff',
      '--reelback-muted-color': '#c9ccd6',
      '--reelback-font': THEME_FONTS.mono,
      '--reelback-radius': '0px',
    });
    expect(themeProperties({ accent: 'red}', font: 'toString' as never, radius: 99 })).toEqual({});
    expect(themeProperties(undefined)).toEqual({});
    expect(contrastText('#1e3a8a')).toBe('#fff');
    expect(contrastText('rgb(255, 255, 255)')).toBe('#111');
    expect(isThemeColour('#12345')).toBe(false);
  });
});
