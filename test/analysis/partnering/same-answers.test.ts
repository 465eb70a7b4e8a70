import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { buildPartneringIndex } from '../../../analysis/partnering/partnering-index.ts';
import {
  candidateFeatures,
  defaultModel,
  scoreCandidates,
  scoreCandidatesInPlace,
} from '../../../analysis/partnering/ranker.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
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

describe('ranker › candidates and scores of a query live in the index’s own buffers', async () => {
  const graph = buildGraph(await readBundle(resolve(import.meta.dirname, '../../../data/sample')));
  const index = buildPartneringIndex(graph);
  const [a, b] = graph.nodes() as [string, string];
  const options = { viewer: 'admin', includeExisting: false } as const;

  it('reuses one candidate buffer from query to query (no array of candidates per query)', () => {
    const first = candidateFeatures(index, index.position.get(a)!, options);
    const firstBuffer = first.positions.buffer;
    expect(firstBuffer).toBeInstanceOf(ArrayBuffer);
    const second = candidateFeatures(index, index.position.get(b)!, options);
    expect(second.positions.length).toBeGreaterThan(0);
    expect(second.positions.buffer).toBe(firstBuffer);
  });

  it('scores in place the same as into a new array, and reuses the buffer', () => {
    const model = defaultModel('test');
    const set = candidateFeatures(index, index.position.get(a)!, options);
    const fresh = scoreCandidates(model, set);
    const inPlace = scoreCandidatesInPlace(index, model, set);
    expect(Array.from(inPlace)).toEqual(Array.from(fresh));
    expect(inPlace.buffer).not.toBe(fresh.buffer);
    const again = scoreCandidatesInPlace(
      index,
      model,
      candidateFeatures(index, index.position.get(b)!, options),
    );
    expect(again.buffer).toBe(inPlace.buffer);
  });
});
