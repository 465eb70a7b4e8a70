/** `partner-atlas suggest`: the four answers and partner suggestions for one business. */
import { InvalidInputError } from '../../analysis/errors.ts';
import { answerFourQuestions } from '../../analysis/partnering/four-questions.ts';
import { buildPartneringIndex } from '../../analysis/partnering/partnering-index.ts';
import { learnRanker } from '../../analysis/partnering/ranker.ts';
import { computeStructure } from '../../analysis/partnering/structure.ts';
import { suggestPartners } from '../../analysis/partnering/suggestions.ts';
import { defineCommand, type Command } from '../command.ts';

const usage = `Usage: partner-atlas suggest --business ID [--data DIR] [--limit N] [--format text|json]

For one business: the four questions (what needs to be done, what others can do for us, what
we do better than anyone we know, what only we can do) and complementary partners, each with
its score components and the reasons behind it.`;

export const suggestCommand: Command = defineCommand({
  name: 'suggest',
  summary: 'four questions and partner suggestions for one business',
  usage,
  options: ['data', 'business', 'limit', 'format'],
  async run({ text, count, usageError, loadGraph }) {
    const id = text('business');
    if (!id) throw usageError('--business ID is required', 'business');
    const format = text('format') ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new InvalidInputError('--format must be text or json', 'format');
    const limit = count('limit') ?? 10;
    const { graph } = await loadGraph();
    // Suggestions need communities and constraint only, not the whole centrality report; the
    // ranker is learned from the network's own history, as the service does per snapshot.
    const index = buildPartneringIndex(graph, { structure: computeStructure(graph) });
    index.ranker = learnRanker(index);
    const answers = answerFourQuestions(index, id);
    const result = suggestPartners(index, id, { limit });
    if (format === 'json') {
      console.log(JSON.stringify({ questions: answers, suggestions: result }, null, 2));
      return 0;
    }
    console.log(`${answers.business.name} (${id})\n`);
    console.log('1. What needs to be done?');
    for (const n of answers.whatNeedsToBeDone)
      console.log(
        `   - ${n.capability} (priority ${n.priority}): ${n.gap ? 'nobody in the network can meet it (gap)' : `${n.holders} can meet it`}`,
      );
    console.log('2. What can others do for us?');
    for (const n of answers.whatOthersCanDoForUs)
      console.log(
        `   - ${n.capability}: ${n.providers.map((p) => `${p.name} (level ${p.level}${p.partner ? ', partner' : ''})`).join(', ')}`,
      );
    console.log(
      `3. What do we do better than anyone we know? (${answers.known} businesses within ${answers.horizon} steps)`,
    );
    for (const s of answers.whatWeDoBetterThanAnyoneWeKnow)
      console.log(
        `   - ${s.capability} (level ${s.level})${s.runnerUp ? `; runner-up ${s.runnerUp.name} (level ${s.runnerUp.level})` : '; nobody we know has it'}`,
      );
    console.log('4. What can only we do?');
    for (const u of answers.whatOnlyWeCanDo.unique) console.log(`   - ${u.capability}: only us`);
    for (const r of answers.whatOnlyWeCanDo.rare)
      console.log(`   - ${r.capability}: ${r.holders} holders (rare)`);
    const r = result.ranker;
    console.log(`\nRanker: ${r.kind}${r.cutYear !== null ? `, cut year ${r.cutYear}` : ''} (${r.reason}).`);
    if (r.validation)
      console.log(
        `  validation on ${r.validation.queries} held-out businesses: precision@${r.validation.k} ${r.validation.precisionAtK.toFixed(3)} (Adamic–Adar ${r.validation.adamicAdar.precisionAtK.toFixed(3)}${ratioText(r.validation.vsAdamicAdar)}), MRR ${r.validation.mrr.toFixed(3)}`,
      );
    if (r.coefficients)
      console.log(
        `  coefficients (standardised features): ${Object.entries(r.coefficients)
          .filter(([, c]) => c !== 0)
          .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
          .map(([f, c]) => `${f} ${c.toFixed(2)}`)
          .join(', ')}`,
      );
    console.log(`\nSuggested partners (of ${result.candidatesConsidered} considered):`);
    result.suggestions.forEach((s, i) =>
      console.log(
        `${String(i + 1).padStart(3)}. ${s.name} (${s.id}) score ${s.score.toFixed(3)}\n       ${s.sentence}`,
      ),
    );
    return 0;
  },
});

/** "; 1.57× it, 95 % interval 1.10–2.31×" (a null end: unbounded). */
function ratioText(v: {
  ratio: number | null;
  low: number | null;
  high: number | null;
  level: number;
}): string {
  if (v.ratio === null) return '';
  const x = (n: number | null) => (n === null ? 'unbounded' : `${n.toFixed(2)}×`);
  return `; ${x(v.ratio)} it, ${Math.round(v.level * 100)} % interval ${x(v.low)}–${x(v.high)}`;
}
