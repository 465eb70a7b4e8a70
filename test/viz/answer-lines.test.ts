import { describe, expect, it } from 'vitest';
import type { FourAnswers, Suggestions } from '../../api/contract.ts';
import { readAnswers, readSuggestions } from '../../viz/src/panels/answer-lines.ts';

const snapshot = { id: 's1', loadedAt: '2026-12-06T00:00:00Z', source: 'files:test' };

const answers = (parts: Partial<FourAnswers> = {}): FourAnswers => ({
  snapshot,
  business: { id: 'b1', name: 'One' },
  horizon: 2,
  known: 3,
  whatNeedsToBeDone: [],
  whatOthersCanDoForUs: [],
  whatWeDoBetterThanAnyoneWeKnow: [],
  whatOnlyWeCanDo: { unique: [], rare: [] },
  ...parts,
});

describe('viz › business panel lines from the API answers', () => {
  it('says what to show for each of the four questions when an answer is empty', () => {
    const items = readAnswers(answers());
    expect(items.map((i) => [i.question, i.lines.length, i.empty])).toEqual([
      ['What needs to be done', 0, 'No needs recorded.'],
      ['What others can do for us', 0, 'No needs to meet.'],
      ['What we do better than anyone we know', 0, 'Nothing stands out yet.'],
      ['What only we can do', 0, 'Nothing here is unique to this business.'],
    ]);
  });

  it('writes each answer as a line naming its figures and the businesses to link', () => {
    const items = readAnswers(
      answers({
        whatNeedsToBeDone: [
          { capability: 'milling', priority: 4, holders: 2, gap: false },
          { capability: 'hydrogen', priority: 5, holders: 0, gap: true },
        ],
        whatOthersCanDoForUs: [
          {
            capability: 'milling',
            priority: 4,
            holders: 2,
            gap: false,
            providers: [
              { id: 'b2', name: 'Two', level: 5, distance: 1, partner: true },
              { id: 'b3', name: 'Three', level: 3, distance: null, partner: false },
            ],
          },
          { capability: 'hydrogen', priority: 5, holders: 0, gap: true, providers: [] },
        ],
        whatWeDoBetterThanAnyoneWeKnow: [
          { capability: 'coating', level: 5, runnerUp: { id: 'b4', name: 'Four', level: 3 } },
          { capability: 'welding', level: 4, runnerUp: null },
        ],
        whatOnlyWeCanDo: {
          unique: [],
          rare: [{ capability: 'coating', level: 5, holders: 2, rarity: 0.9 }],
        },
      }),
    );
    expect(items[0]!.lines.map((l) => l.text)).toEqual([
      'milling (priority 4): 2 businesses offer it',
      'hydrogen (priority 5): nobody in this network offers it',
    ]);
    expect(items[1]!.lines).toEqual([
      {
        text: 'milling:',
        businesses: [
          { id: 'b2', name: 'Two' },
          { id: 'b3', name: 'Three' },
        ],
      },
      { text: 'hydrogen: no one within reach', businesses: [] },
    ]);
    expect(items[2]!.lines).toEqual([
      {
        text: 'coating at level 5; next best we know, at level 3:',
        businesses: [{ id: 'b4', name: 'Four' }],
      },
      { text: 'welding at level 4', businesses: [] },
    ]);
    // Nothing unique, something rare: the question is asked honestly.
    expect(items[3]!.question).toBe('What few others can do');
    expect(items[3]!.lines.map((l) => l.text)).toEqual([
      'coating: not unique, but only 2 businesses in this network hold it',
    ]);
  });

  it('splits a suggestion’s sentence into bullets and links the partners in common', () => {
    const suggestion: Suggestions['suggestions'][number] = {
      id: 'b9',
      name: 'Nine',
      sector: null,
      score: 0.8,
      components: { complementarity: 1, reciprocity: 0, trust: 0.5, reach: 0.2 },
      reasons: {
        meetsNeeds: [],
        ofNeeds: 0,
        weMeetTheirs: [],
        commonPartners: [{ id: 'b2', name: 'Two' }],
        commonPartnerCount: 1,
        otherCommunity: false,
        constraint: null,
        existingPartner: false,
        partnerCount: 4,
        fewerPartnersShare: 0.5,
        newPartners: null,
        sharedCapabilities: [],
        sharedCapabilityCount: 0,
        sameSector: false,
        sameSite: false,
        drivers: [],
      },
      sentence: 'meets 1 of your 2 needs; 1 partner in common.',
    };
    const body = { suggestions: [suggestion] } as Suggestions;
    expect(readSuggestions(body)).toEqual([
      {
        id: 'b9',
        name: 'Nine',
        score: 0.8,
        reasons: ['Meets 1 of your 2 needs', '1 partner in common'],
        via: ['b2'],
      },
    ]);
  });
});
