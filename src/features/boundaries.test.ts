import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Each feature owns its tables: only it imports its schema file. Others go through its service. */
const OWNS: Record<string, string[]> = {
  orgs: ['orgs'],
  people: ['people'],
  auth: ['auth'],
  crm: ['crm'],
  demo: [],
  // The diagnosis owns no tables: it reads the CRM rollups through the CRM service.
  diagnosis: [],
  // Health and other answers about the running system: no tables.
  system: [],
  // The skills framework, its settings and the evidence about people's skills.
  skills: ['skills'],
  // Development plans; skill levels and the diagnosis come through their services.
  plans: ['plans'],
  // One-on-ones, their notes, actions and calendar feeds; plans, KPIs and people through services.
  oneOnOnes: ['oneOnOnes'],
  // SMART goals and performance improvement plans (a PIP's expectations are goals).
  goals: ['goals'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? files(path)
      : path.endsWith('.ts') && !path.endsWith('.test.ts')
        ? [path]
        : [];
  });
}

describe('feature boundaries', () => {
  it('lets a feature import only its own tables', () => {
    const root = new URL('.', import.meta.url).pathname;
    const features = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory());
    expect(features.sort()).toEqual(Object.keys(OWNS).sort());
    for (const feature of features) {
      for (const file of files(join(root, feature))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/from '(?:\.\.\/)+db\/schema\/(\w+)\.js'/g)) {
          expect(OWNS[feature], `${file} imports the ${m[1]} tables`).toContain(m[1]);
        }
      }
    }
  });
});
