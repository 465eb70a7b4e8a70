import { describe, expect, it } from 'vitest';
import { visibleTo } from '../../analysis/visibility.ts';

describe('visibleTo', () => {
  const items = [
    { name: 'open' },
    { name: 'marked open', confidential: false },
    { name: 'secret', confidential: true },
  ];

  it('hides confidential items from readers', () => {
    expect(items.filter(visibleTo('reader')).map((i) => i.name)).toEqual(['open', 'marked open']);
  });

  it('shows everything to analysts, admins and the default full view', () => {
    for (const viewer of ['analyst', 'admin', undefined] as const)
      expect(items.filter(visibleTo(viewer))).toHaveLength(3);
  });
});
