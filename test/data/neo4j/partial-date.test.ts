import { describe, expect, it } from 'vitest';
import { dateCode, PARTIAL_DATE } from '../../../data/neo4j/partial-date.ts';

/** Every text of the three shapes around the edges of the ranges, valid or not. */
function candidates(): string[] {
  const texts: string[] = [];
  const two = (n: number) => String(n).padStart(2, '0');
  for (const year of ['0000', '0999', '1999', '2024', '9999']) {
    texts.push(year);
    for (let month = 0; month <= 13; month++) {
      texts.push(`${year}-${two(month)}`);
      for (let day = 0; day <= 32; day++) texts.push(`${year}-${two(month)}-${two(day)}`);
    }
  }
  // Near misses: other separators, lengths, signs, spaces, non-ASCII digits.
  texts.push(
    '',
    '202',
    '20245',
    '2024/03',
    '2024-3',
    '2024-03-1',
    '2024-03-01T00:00',
    ' 2024',
    '2024 ',
    '-2024',
    '+024',
    '2O24',
    '２０２４',
    '2024-1a',
    '2024-03-3x',
    '2024--3-01',
  );
  return texts;
}

describe('dateCode', () => {
  it('accepts exactly the texts PARTIAL_DATE accepts', () => {
    for (const text of candidates()) {
      expect({ text, accepted: dateCode(text) >= 0 }).toEqual({ text, accepted: PARTIAL_DATE.test(text) });
    }
  });

  it('gives a different number to every accepted text', () => {
    const accepted = candidates().filter((text) => PARTIAL_DATE.test(text));
    expect(accepted.length).toBeGreaterThan(1_900);
    const byCode = new Map<number, string>();
    for (const text of accepted) {
      const code = dateCode(text);
      expect(byCode.get(code) ?? text).toBe(text);
      byCode.set(code, text);
    }
    expect(byCode.size).toBe(new Set(accepted).size);
  });
});
