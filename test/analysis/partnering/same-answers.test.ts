import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleAnswers, type SampleAnswers } from '../../fixtures/suggestions/sample-answers.ts';

// Recorded before the scorer reused its work arrays (test/fixtures/suggestions/make-sample-answers.ts).
const recorded = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/suggestions/sample-answers.json'), 'utf8'),
) as SampleAnswers;

describe('suggestions › answers stay the same as recorded on the sample', async () => {
  const now = await sampleAnswers();
  it.each(['learned', 'default', 'weights'])(
    '%s: every business gets the same ranking and the same answer, for admins and readers',
    (ranking) => {
      expect(Object.keys(now[ranking]?.admin ?? {})).toHaveLength(150);
      expect(now[ranking]).toEqual(recorded[ranking]);
    },
  );
});
