import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/db.js';

describe.skipIf(onPostgres)('migrations', () => {
  it('match the schema: generating again from the schema finds nothing to add', () => {
    // drizzle-kit only takes an output folder relative to the project.
    mkdirSync('.tmp', { recursive: true });
    const dir = relative(process.cwd(), mkdtempSync(join('.tmp', 'drift-')));
    try {
      cpSync('drizzle', dir, { recursive: true });
      const before = readdirSync(dir).sort();
      const run = spawnSync(
        'node_modules/.bin/drizzle-kit',
        [
          'generate',
          '--dialect',
          'postgresql',
          '--schema',
          'src/db/schema/index.ts',
          '--out',
          dir,
          '--casing',
          'snake_case',
        ],
        { encoding: 'utf8' },
      );
      const out = `${run.stdout}${run.stderr}`;
      expect(run.status, out).toBe(0);
      const after = readdirSync(dir).sort();
      expect(after, `schema and migrations drifted apart; run \`npm run db:generate\`:\n${out}`).toEqual(
        before,
      );
      expect(out).toMatch(/No schema changes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
