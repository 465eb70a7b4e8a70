/**
 * API keys with roles (reader < analyst < admin). Keys come from API_KEYS
 * (`key:role,key:role`) or API_KEYS_FILE (JSON: [{ "key", "role", "name"?, "expires"?, "revoked"? }]).
 * Keys are compared in constant time (sha-256 of both, then timingSafeEqual) and never logged.
 * With no keys configured the service is open — every caller is admin — and `server.ts`
 * refuses to run that way on anything but localhost unless ALLOW_OPEN=1.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { InvalidInputError } from '../analysis/errors.ts';
import type { Viewer } from '../analysis/partnering/partnering-index.ts';
import { HttpError } from './errors.ts';

export type Role = Viewer;
const RANK: Readonly<Record<Role, number>> = Object.freeze({ reader: 1, analyst: 2, admin: 3 });

/**
 * Whether `name` is one of the three roles. An own-key check: `name in RANK` would accept
 * `constructor`, `toString` or `__proto__`, and a key with such a role is "not a reader" to
 * every confidentiality filter.
 */
export function isRole(name: string): name is Role {
  return Object.hasOwn(RANK, name);
}

export interface ApiKey {
  name: string;
  role: Role;
  digest: Buffer;
  expires?: Date;
  revoked?: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      role: Role;
      /** Name of the key used (never the key itself); 'anonymous' when open. Names may repeat. */
      keyName: string;
      /** Which configured key was used (its position; unique even when names repeat), for rate limits. */
      keyId?: string;
    }
  }
}

const digest = (key: string) => createHash('sha256').update(key).digest();

const fileSchema = z.array(
  z.object({
    key: z
      .string()
      .min(16, 'keys must be at least 16 characters')
      .regex(/^\S+$/, 'keys must not contain spaces or tabs'),
    role: z.enum(['reader', 'analyst', 'admin']),
    name: z.string().optional(),
    expires: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    revoked: z.boolean().optional(),
  }),
);

/** Parse API_KEYS / API_KEYS_FILE. @throws InvalidInputError naming the bad entry */
export function readApiKeys(env: NodeJS.ProcessEnv): ApiKey[] {
  const keys: ApiKey[] = [];
  if (env.API_KEYS) {
    env.API_KEYS.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .forEach((entry, i) => {
        const at = entry.lastIndexOf(':');
        const key = entry.slice(0, at).trim();
        const role = entry.slice(at + 1).trim();
        if (at <= 0 || !isRole(role))
          throw new InvalidInputError(
            `API_KEYS entry ${i + 1} must be KEY:ROLE with ROLE reader, analyst or admin`,
            'API_KEYS',
          );
        // A header value cannot carry inner spaces reliably, nor outer ones at all.
        if (/\s/.test(key))
          throw new InvalidInputError(
            `API_KEYS entry ${i + 1}: keys must not contain spaces or tabs`,
            'API_KEYS',
          );
        if (key.length < 16)
          throw new InvalidInputError(
            `API_KEYS entry ${i + 1}: keys must be at least 16 characters`,
            'API_KEYS',
          );
        keys.push({ name: `key-${i + 1}`, role: role as Role, digest: digest(key) });
      });
  }
  if (env.API_KEYS_FILE) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(env.API_KEYS_FILE, 'utf8'));
    } catch (error) {
      throw new InvalidInputError(
        `API_KEYS_FILE ${env.API_KEYS_FILE} cannot be read as JSON: ${(error as Error).message}`,
        'API_KEYS_FILE',
      );
    }
    const result = fileSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new InvalidInputError(
        `API_KEYS_FILE entry ${issue?.path.join('.')}: ${issue?.message}`,
        'API_KEYS_FILE',
      );
    }
    result.data.forEach((k, i) =>
      keys.push({
        name: k.name ?? `file-key-${i + 1}`,
        role: k.role,
        digest: digest(k.key),
        ...(k.expires !== undefined && { expires: new Date(k.expires) }),
        ...(k.revoked !== undefined && { revoked: k.revoked }),
      }),
    );
  }
  // One key, one entry: with two, which role (or revocation) applies would depend on the order.
  keys.forEach((k, i) => {
    const earlier = keys.findIndex((other) => other.digest.equals(k.digest));
    if (earlier !== i)
      throw new InvalidInputError(
        `API key ${k.name} is the same key as ${keys[earlier]?.name} (API_KEYS entries are key-N, API_KEYS_FILE entries file-key-N or their name); list each key once, with one role`,
        'API_KEYS',
      );
  });
  return keys;
}

function presented(req: Parameters<RequestHandler>[0]): string | undefined {
  const header = req.get('authorization');
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  return req.get('x-api-key') ?? undefined;
}

/** Identify the caller; 401 for a wrong, expired or revoked key, or a missing one when keys exist. */
export function authenticate(keys: ApiKey[], now: () => Date = () => new Date()): RequestHandler {
  return (req, _res, next) => {
    if (keys.length === 0) {
      req.role = 'admin';
      req.keyName = 'anonymous';
      return next();
    }
    const key = presented(req);
    if (!key)
      return next(
        new HttpError(
          401,
          'Unauthorized',
          'This API needs a key: send it as "Authorization: Bearer KEY" or "X-API-Key: KEY".',
        ),
      );
    const d = digest(key);
    let match: ApiKey | undefined;
    let position = -1;
    keys.forEach((k, i) => {
      if (timingSafeEqual(k.digest, d)) {
        match = k;
        position = i;
      }
    });
    if (!match)
      return next(
        new HttpError(
          401,
          'Unauthorized',
          'The API key is not valid; check it with the service administrator.',
        ),
      );
    if (match.revoked)
      return next(
        new HttpError(
          401,
          'Unauthorized',
          'This API key has been revoked; ask the service administrator for a new one.',
        ),
      );
    if (match.expires && match.expires <= now())
      return next(
        new HttpError(
          401,
          'Unauthorized',
          'This API key has expired; ask the service administrator for a new one.',
        ),
      );
    req.role = match.role;
    req.keyName = match.name;
    req.keyId = `key#${position + 1}`;
    next();
  };
}

/** 403 unless the caller's role is at least `role`. */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    if (isRole(req.role) && RANK[req.role] >= RANK[role]) return next();
    next(new HttpError(403, 'Forbidden', `This needs the ${role} role; your key has the ${req.role} role.`));
  };
}
