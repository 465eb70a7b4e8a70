/** `partner-atlas import --data DIR [--replace]`: validates a bundle, then writes it to Neo4j (docs/neo4j.md). */
import {
  createNeo4jDriver,
  describeNeo4jSource,
  NEO4J_CLI_SETTINGS,
  neo4jConfigFrom,
} from '../../data/neo4j/connection.ts';
import { importBundle, type ImportProgress } from '../../data/neo4j/import.ts';
import { InvalidInputError } from '../../analysis/errors.ts';
import { defineCommand, type Command } from '../command.ts';
import { dataPath } from '../load.ts';

const usage = `Usage: partner-atlas import [--data DIR|FILE.json] [--replace]
                            [--uri URI] [--user USER] [--password PASSWORD] [--database NAME]
                            [--batch-size N] [--json]

Validates the whole bundle first (nothing is written when it has a problem), then writes it
to Neo4j in batches of MERGE. Importing the same bundle again changes nothing; an import that
was cut short is finished by running it again (until then the network is marked incomplete).
Without --replace, businesses and relationships not in the bundle are kept; with --replace,
the stored network is deleted first.

  --data        bundle folder or .json network (default: $DATA_DIR, else the bundled sample)
  --replace     delete the stored network first
  --uri         default $NEO4J_URI, else bolt://127.0.0.1:7687 (npm run neo4j:start)
  --user        default $NEO4J_USER, else neo4j
  --password    default $NEO4J_PASSWORD, else partner-atlas
  --database    default $NEO4J_DATABASE, else the server's default database
  --batch-size  rows per write transaction (default 10000)
  --json        print the summary as JSON`;

function progressBar(): ((p: ImportProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return ({ phase, done, total }) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done}/${total} ${phase.padEnd(14)}`,
    );
  };
}

export const importCommand: Command = defineCommand({
  name: 'import',
  summary: 'validate a bundle and write it to Neo4j (idempotent; --replace to start over)',
  usage,
  options: ['data', 'uri', 'user', 'password', 'database', 'batch-size'],
  flags: ['replace', 'json'],
  async run({ text, flag }) {
    const batchText = text('batch-size');
    const batchSize = batchText === undefined ? undefined : Number(batchText);
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
      throw new InvalidInputError(
        `--batch-size must be a whole number of rows ≥ 1 (got "${batchText}")`,
        'batch-size',
      );
    }
    const config = neo4jConfigFrom(
      {
        uri: text('uri'),
        user: text('user'),
        password: text('password'),
        database: text('database'),
      },
      process.env,
      true,
    )!;
    const path = dataPath(text('data'));
    const driver = createNeo4jDriver(config);
    const onProgress = progressBar();
    const started = Date.now();
    try {
      const summary = await importBundle(driver, path, {
        database: config.database,
        uri: config.uri,
        user: config.user,
        settings: NEO4J_CLI_SETTINGS,
        replace: flag('replace'),
        ...(batchSize !== undefined && { batchSize }),
        ...(onProgress && { onProgress }),
      });
      if (onProgress) process.stderr.write('\n');
      const seconds = (Date.now() - started) / 1000;
      const target = describeNeo4jSource(config);
      if (flag('json')) {
        console.log(JSON.stringify({ source: path, target, seconds, ...summary }, null, 2));
      } else {
        const w = summary.written;
        const s = summary.stored;
        console.log(
          `✓ imported ${path} into ${target} in ${seconds.toFixed(1)} s${summary.replaced ? ' (replaced)' : ''}`,
        );
        console.log(
          `  wrote ${w.businesses} businesses, ${w.capabilities} capabilities (${w.held} held), ${w.needs} needs, ${w.collaborations} collaborations in ${summary.batches} batches`,
        );
        console.log(
          `  Neo4j now holds ${s.businesses} businesses, ${s.capabilities} capabilities (${s.held} held), ${s.needs} needs, ${s.collaborations} collaborations`,
        );
      }
      return 0;
    } catch (error) {
      if (onProgress) process.stderr.write('\n');
      throw error;
    } finally {
      await driver.close();
    }
  },
});
