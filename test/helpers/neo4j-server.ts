/**
 * Starts and stops the local Neo4j 5.26 server (neo4j/Launcher.java) for a test suite, on a
 * free port with a throw-away data directory. Needs Java and the launcher built
 * (`npm run neo4j:build`); when either is missing the suites are skipped with the reason,
 * unless REQUIRE_NEO4J=1, when they fail instead.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Neo4jConfig } from '../../data/neo4j/connection.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MODULE = join(ROOT, 'neo4j');
const CLASSES = join(MODULE, 'target/classes');
const LIB = join(MODULE, 'lib');
const PLUGINS = join(MODULE, 'plugins');
const PASSWORD = 'partner-atlas-test';
const READY = 'partner-atlas-neo4j ready';
/** Quick start-up matters more than peak speed in tests: client compiler only, serial GC. */
const JAVA_OPTS = ['-Xmx768m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export type Availability = { ok: true } | { ok: false; reason: string };

/** Whether the local server can be started here, and why not. */
export function localNeo4jAvailability(): Availability {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) return { ok: false, reason: 'Java is not installed (need a JDK 17+)' };
  const built =
    existsSync(join(CLASSES, 'org/partneratlas/neo4j/Launcher.class')) &&
    existsSync(LIB) &&
    readdirSync(LIB).some((f) => /^neo4j-bolt-\d/.test(f));
  if (!built) return { ok: false, reason: 'the Neo4j launcher is not built (run npm run neo4j:build)' };
  return { ok: true };
}

/** Whether the local server has the Graph Data Science plugin (neo4j/plugins), and why not. */
export function localGdsAvailability(): Availability {
  const base = localNeo4jAvailability();
  if (!base.ok) return base;
  const gds = existsSync(PLUGINS) && readdirSync(PLUGINS).some((f) => /^opengds-extension-\d/.test(f));
  return gds
    ? { ok: true }
    : { ok: false, reason: 'the GDS plugin is not in neo4j/plugins (run npm run neo4j:build)' };
}

/** True when REQUIRE_NEO4J=1 asks for a failure instead of a skip. */
export const neo4jRequired = process.env.REQUIRE_NEO4J === '1';

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

export interface LocalNeo4j {
  config: Neo4jConfig;
  port: number;
  dataDir: string;
  /** Java process id of the current run. */
  pid(): number | undefined;
  /** SIGKILL: the server dies as in a crash or a power cut. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Start again on the same port and data directory (recovery runs on the crashed store). */
  restart(): Promise<void>;
  /** SIGTERM (clean shutdown), then delete the data directory. */
  stop(): Promise<void>;
}

function launch(port: number, dataDir: string, javaOpts: string[], pageCache: string): Promise<ChildProcess> {
  const child = spawn(
    'java',
    [...javaOpts, '-cp', `${CLASSES}:${LIB}/*:${PLUGINS}/*`, 'org.partneratlas.neo4j.Launcher'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NEO4J_BOLT_PORT: String(port),
        NEO4J_DATA_DIR: dataDir,
        NEO4J_PASSWORD: PASSWORD,
        NEO4J_USER: 'neo4j',
        NEO4J_PAGECACHE: pageCache,
        NEO4J_PLUGINS_DIR: PLUGINS,
      },
    },
  );
  return new Promise((ok, fail) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`local Neo4j did not start within 150 s:\n${output.slice(-2000)}`));
    }, 150_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        ok(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`local Neo4j exited with code ${code} while starting:\n${output.slice(-2000)}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => child.once('exit', () => ok()));
}

export interface StartLocalOptions {
  /** JVM options (default: quick start-up, -Xmx768m, client compiler, serial GC). */
  javaOpts?: string[];
  /** Page cache (default 128m). */
  pageCache?: string;
}

/**
 * Start a local server on a free port with a fresh data directory.
 * @returns its driver settings and controls; call `stop()` in `afterAll`
 */
export async function startLocalNeo4j(options: StartLocalOptions = {}): Promise<LocalNeo4j> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'pa-neo4j-'));
  const javaOpts = options.javaOpts ?? JAVA_OPTS;
  const pageCache = options.pageCache ?? '128m';
  let child: ChildProcess | undefined = await launch(port, dataDir, javaOpts, pageCache);
  return {
    config: { uri: `bolt://127.0.0.1:${port}`, user: 'neo4j', password: PASSWORD },
    port,
    dataDir,
    pid: () => child?.pid,
    async kill() {
      if (!child) return;
      const current = child;
      child = undefined;
      current.kill('SIGKILL');
      await exited(current);
    },
    async restart() {
      if (child) throw new Error('the server still runs; kill() it first');
      child = await launch(port, dataDir, javaOpts, pageCache);
    },
    async stop() {
      if (child) {
        const current = child;
        child = undefined;
        current.kill('SIGTERM');
        const timeout = setTimeout(() => current.kill('SIGKILL'), 60_000);
        await exited(current);
        clearTimeout(timeout);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A server for a suite: the one NEO4J_URI names, or a local one started for the suite. */
export interface SuiteNeo4j {
  config: Neo4jConfig;
  /** The local server, when the suite started one (undefined with NEO4J_URI). */
  local: LocalNeo4j | undefined;
  stop(): Promise<void>;
}

/**
 * Why the Neo4j suites cannot run here, or undefined when they can. With NEO4J_URI set the
 * suites use that server (and clear its database!); otherwise they need the local launcher.
 */
export function neo4jSkipReason(options: { needsLocal?: boolean } = {}): string | undefined {
  if (process.env.NEO4J_URI && !options.needsLocal) return undefined;
  const availability = localNeo4jAvailability();
  return availability.ok ? undefined : availability.reason;
}

/** Start what the suite needs (see `neo4jSkipReason`); call `stop()` in `afterAll`. */
export async function startNeo4jForSuite(options: { needsLocal?: boolean } = {}): Promise<SuiteNeo4j> {
  const reason = neo4jSkipReason(options);
  if (reason !== undefined) throw new Error(`REQUIRE_NEO4J=1 but ${reason}`);
  if (process.env.NEO4J_URI && !options.needsLocal) {
    const database = process.env.NEO4J_DATABASE;
    return {
      config: {
        uri: process.env.NEO4J_URI,
        user: process.env.NEO4J_USER ?? 'neo4j',
        password: process.env.NEO4J_PASSWORD ?? 'partner-atlas',
        ...(database !== undefined && database !== '' && { database }),
      },
      local: undefined,
      stop: async () => {},
    };
  }
  const local = await startLocalNeo4j();
  return { config: local.config, local, stop: () => local.stop() };
}

/** Delete everything in the suite's database (tests only). */
export async function clearNeo4j(driver: Driver, database?: string): Promise<void> {
  // CALL … IN TRANSACTIONS needs an auto-commit transaction (session.run).
  const session = driver.session(database !== undefined ? { database } : {});
  try {
    await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}
