import { createWriteStream, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { baseUrl, expectAccessible, hasBrowser, launch, screenshot, signIn } from '../helpers/browser.js';

let browser: Browser;
beforeAll(async () => {
  if (hasBrowser) browser = await launch();
});
afterAll(async () => browser?.close());

describe.skipIf(!hasBrowser)('in a real browser', () => {
  it('Maria signs in and sees her team, John and Sheila among them', async () => {
    // axe-core is injected as an inline script, which our Content-Security-Policy rightly blocks.
    const context = await browser.newContext({ viewport: { width: 1366, height: 820 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.waitForURL(/\/login/);
    await expectAccessible(page);
    await screenshot(page, 'login');
    await signIn(page, 'maria@demo.touchline.test');
    await page.getByRole('heading', { name: 'Your team' }).waitFor();
    const team = page.getByRole('table');
    await expect(team.getByRole('link', { name: 'John Miller' }).isVisible()).resolves.toBe(true);
    await expect(team.getByRole('link', { name: 'Sheila Grant' }).isVisible()).resolves.toBe(true);
    await expect(team.getByRole('link', { name: 'Fatima Zahra' }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'maria-home');
    await team.getByRole('link', { name: 'John Miller' }).click();
    await page.getByText('Reports to').waitFor();
    await expect(page.getByRole('heading', { name: 'John Miller' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'maria-john');
    await context.close();
  });

  it('a rep sees only their own profile and is told so when following a link to a colleague', async () => {
    const admin = await browser.newPage();
    await signIn(admin, 'admin@demo.touchline.test');
    const everyone = (await admin.evaluate(async () => (await fetch('/api/people')).json())) as {
      people: { id: string; email: string }[];
    };
    const sheila = everyone.people.find((p) => p.email === 'sheila@demo.touchline.test');
    await admin.close();

    const page = await browser.newPage();
    await signIn(page, 'john@demo.touchline.test');
    await page.getByText('Your manager:').waitFor();
    await expect(page.getByRole('link', { name: 'People & teams' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'My people' }).count()).resolves.toBe(0);
    await screenshot(page, 'john-home');
    const visible = (await page.evaluate(async () => (await fetch('/api/people')).json())) as {
      people: { email: string }[];
    };
    expect(visible.people.map((p) => p.email)).toEqual(['john@demo.touchline.test']);
    await page.goto(`${baseUrl}/people/${sheila?.id}`);
    await page.getByRole('heading', { name: 'You cannot see this person' }).waitFor();
    await expect(page.getByText('Sheila Grant').count()).resolves.toBe(0);
    await screenshot(page, 'john-denied');
    await page.close();
  });

  it('signs in with the keyboard alone', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('textbox', { name: 'Email' }).waitFor();
    await page.keyboard.type('leader@demo.touchline.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type('touchline-demo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your managers' }).waitFor();
    await screenshot(page, 'leader-home');
    await page.close();
  });

  it('an admin adds a person: a bad email is named on its field, a good one lands in the list', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, 'admin@demo.touchline.test');
    await page.getByRole('link', { name: 'People & teams' }).click();
    await page.getByRole('button', { name: 'Add a person' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
    await dialog.getByRole('textbox', { name: 'Full name' }).fill('Nina Newhire');
    await dialog.getByRole('button', { name: 'Add person' }).click();
    await dialog.getByText('enter an email address').waitFor();
    await screenshot(page, 'admin-add-person-error');
    await dialog.getByRole('textbox', { name: 'Email' }).fill('nina@demo.touchline.test');
    await dialog.getByLabel('Reports to').fill('Maria');
    await page.getByRole('option', { name: /Maria Santos/ }).click();
    await dialog.getByRole('button', { name: 'Add person' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: 'Nina Newhire' }).waitFor();
    await screenshot(page, 'admin-people');
    await page.close();
  });
});

describe.skipIf(!hasBrowser)('CRM data page', () => {
  it('an admin sees the detected columns of a Salesforce report, imports it, and reads the rejected rows', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, 'admin@demo.touchline.test');
    await page.getByRole('link', { name: 'CRM data' }).click();
    await page.getByRole('heading', { name: 'Recent imports' }).waitFor();
    await page.getByRole('cell', { name: 'demo opportunities.csv' }).waitFor();
    await page.getByRole('combobox', { name: 'Where it comes from' }).click();
    await page.getByRole('option', { name: 'Salesforce export' }).click();
    await page
      .locator('input[type=file]:not([accept*=zip])')
      .setInputFiles('test/fixtures/crm/salesforce/OpportunityReport.csv');
    await page.getByText('Columns we will read').waitFor();
    await expect(page.getByRole('cell', { name: 'Opportunity Owner' }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Rejected rows', { exact: true }).waitFor({ timeout: 20_000 });
    await expect(page.getByText('owner "Nobody Known" matches no person').isVisible()).resolves.toBe(true);
    const download = await page
      .getByRole('link', { name: 'Download all rejected rows (CSV)' })
      .getAttribute('href');
    const csv = await page.evaluate(async (href) => (await fetch(href ?? '')).text(), download);
    expect(csv.split('\n')[0]).toBe('file,line,column,reason');
    await expectAccessible(page);
    await screenshot(page, 'admin-import');
    await context.close();
  });

  it('an admin checks a whole Salesforce export, maps its stages when asked, and imports it', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, 'admin@demo.touchline.test');
    await page.getByRole('link', { name: 'CRM data' }).click();
    await page.getByRole('heading', { name: 'Import a whole CRM export' }).waitFor();
    await page.getByRole('button', { name: 'Salesforce Data Export (.zip)' }).waitFor();
    await page.locator('input[type=file][accept*=zip]').setInputFiles(await exportZip());
    await page.getByRole('button', { name: 'Check the export' }).click();
    // The demo has its own funnel: the export's Spanish stages must be placed first.
    const refusal = page.getByRole('alert').filter({ hasText: 'The export could not be read' });
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain('say where each goes with a stage mapping');
    await page
      .getByRole('textbox', { name: 'Stage mapping (only when asked)' })
      .fill('Prospección=Prospecting, Calificación=Meeting, Propuesta=Proposal, Negociación=Negotiation');
    await page.getByRole('button', { name: 'Check the export' }).click();
    await page.getByText('Checked: nothing has changed yet').waitFor();
    await expect(page.getByText('OpportunityHistory.csv · UTF-16').isVisible()).resolves.toBe(true);
    await expect(page.getByText('4 would be added').isVisible()).resolves.toBe(true);
    await screenshot(page, 'admin-export-checked');
    await page.getByRole('button', { name: 'Import it' }).click();
    await page.getByText('The diagnosis now counts this data.').waitFor({ timeout: 30_000 });
    // Its files' counts, and each file's check and import among Recent imports.
    await expect(page.getByRole('cell', { name: 'Opportunity.csv' }).count()).resolves.toBe(3);
    const rows = page.getByRole('row').filter({ hasText: 'Opportunity.csv' });
    await expect(rows.filter({ hasText: 'Checked only' }).count()).resolves.toBe(1);
    await expect(rows.filter({ hasText: 'Imported' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'admin-export-imported');
    await context.close();
  });

  it('an admin checks a HubSpot export: the pipeline the diagnosis reads, the others imported beside it', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, 'admin@demo.touchline.test');
    await page.getByRole('link', { name: 'CRM data' }).click();
    await page.getByRole('heading', { name: 'Import a whole CRM export' }).waitFor();
    await page.getByText('HubSpot', { exact: true }).click();
    await page.getByRole('button', { name: 'HubSpot exports (.zip of the CSV files)' }).waitFor();
    await page.getByRole('textbox', { name: 'Pipeline (optional)' }).waitFor();
    await page
      .locator('input[type=file][accept*=zip]')
      .setInputFiles(await exportZip('test/fixtures/hubspot-export', 'hubspot-export.zip'));
    await page.getByRole('button', { name: 'Check the export' }).click();
    await page.getByText('Checked: nothing has changed yet').waitFor();
    // The demo's own deals name no pipeline: the diagnosis keeps reading them, and both of the
    // export's pipelines come in beside them.
    await page
      .getByText(
        'the deals with no pipeline named (none in this export); also to be imported, each with its own funnel: Sales Pipeline (43 deals), Renewals (2 deals)',
      )
      .waitFor();
    await expect(page.getByText('hubspot-users-export-2026-11-30.csv · UTF-16').isVisible()).resolves.toBe(
      true,
    );
    await screenshot(page, 'admin-hubspot-checked');
    await expectAccessible(page);
    await context.close();
  });
  it('an admin imports a HubSpot export of two more pipelines, diagnoses one, reads what it says, and goes back', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, 'admin@demo.touchline.test');
    await page.getByRole('link', { name: 'CRM data' }).click();
    await page.getByText('HubSpot', { exact: true }).click();
    await page.locator('input[type=file][accept*=zip]').setInputFiles(await pipelinesExport());
    await page.getByRole('button', { name: 'Check the export' }).click();
    await page.getByText('Checked: nothing has changed yet').waitFor();
    // The demo's own deals name no pipeline and hold data: the diagnosis keeps reading them.
    await page
      .getByText(
        'the deals with no pipeline named (none in this export); also to be imported, each with its own funnel: Renewals (6 deals), Partners (3 deals)',
      )
      .waitFor();
    await page.getByRole('button', { name: 'Import it' }).click();
    await page.getByText('The diagnosis now counts this data.').waitFor({ timeout: 30_000 });

    const card = page
      .locator('.mantine-Card-root')
      .filter({ has: page.getByRole('heading', { name: 'Pipelines' }) });
    await card.waitFor();
    await expect(card.getByRole('row').count()).resolves.toBe(4); // header + 3 pipelines
    await expect(card.getByText('Renewal Due → Renewed').isVisible()).resolves.toBe(true);
    await screenshot(page, 'admin-pipelines');
    await expectAccessible(page);

    await card.getByRole('button', { name: 'Diagnose this pipeline: Renewals' }).click();
    await page.getByText('The diagnosis now reads “Renewals”.').waitFor();
    await page.getByRole('heading', { name: /Funnel stages · Renewals/ }).waitFor();
    await page.getByRole('link', { name: 'Where the funnel breaks' }).click();
    await page.getByText('These figures are of the pipeline “Renewals”.', { exact: false }).waitFor();
    await screenshot(page, 'admin-team-diagnosis-renewals');

    // Back to the demo's own deals, for every other test.
    await page.getByRole('link', { name: 'CRM data' }).click();
    await card.getByRole('button', { name: 'Diagnose this pipeline: Deals with no pipeline named' }).click();
    await page.getByText('The diagnosis now reads the deals with no pipeline named.').waitFor();
    await expect(card.getByRole('row').filter({ hasText: 'Diagnosed' }).textContent()).resolves.toContain(
      'Deals with no pipeline named',
    );
    await context.close();
  });
});

/**
 * A HubSpot export of two pipelines the demo does not have — renewals and partner deals — owned by
 * demo reps (matched by email, so no one is added), written to test-results/ as a .zip.
 */
async function pipelinesExport(): Promise<string> {
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const users = [
    'First Name,Last Name,Email,User ID,Role,Primary team',
    'John,Miller,john@demo.touchline.test,701,Sales Rep,West',
    'Sheila,Grant,sheila@demo.touchline.test,702,Sales Rep,West',
    'Diego,Ruiz,diego@demo.touchline.test,703,Sales Rep,West',
    'Fatima,Zahra,fatima@demo.touchline.test,704,Sales Rep,East',
  ];
  const entered = (stage: string, pipeline: string) => `"Date entered ""${stage} (${pipeline})"""`;
  const header = [
    'Record ID,Deal Name,Pipeline,Deal Stage,Amount,Close Date,Create Date,Deal owner,Is Closed Won,Is closed',
    ...['Renewal Due', 'Renewed', 'Churned'].map((s) => entered(s, 'Renewals')),
    ...['Sourced', 'Closed Won', 'Closed Lost'].map((s) => entered(s, 'Partners')),
  ].join(',');
  const renewal = (id: string, owner: string, outcome: 'due' | 'renewed' | 'churned', ago: number) => {
    const closed = outcome === 'due' ? '' : day(ago - 20);
    const stage = { due: 'Renewal Due', renewed: 'Renewed', churned: 'Churned' }[outcome];
    return [
      `HS-${id},Renewal ${id},Renewals,${stage},12000,${closed},${day(ago)},${owner}`,
      outcome === 'renewed',
      outcome !== 'due',
      day(ago),
      outcome === 'renewed' ? closed : '',
      outcome === 'churned' ? closed : '',
      ',,',
    ].join(',');
  };
  const partner = (id: string, owner: string, won: boolean | null, ago: number) => {
    const closed = won === null ? '' : day(ago - 30);
    const stage = won === null ? 'Sourced' : won ? 'Closed Won' : 'Closed Lost';
    return [
      `HS-${id},Partner deal ${id},Partners,${stage},30000,${closed},${day(ago)},${owner}`,
      won === true,
      won !== null,
      ',,',
      day(ago),
      won === true ? closed : '',
      won === false ? closed : '',
    ].join(',');
  };
  const deals = [
    header,
    renewal('R1', 'John Miller', 'renewed', 80),
    renewal('R2', 'John Miller', 'churned', 70),
    renewal('R3', 'Sheila Grant', 'renewed', 60),
    renewal('R4', 'Diego Ruiz', 'renewed', 50),
    renewal('R5', 'Fatima Zahra', 'churned', 45),
    renewal('R6', 'Fatima Zahra', 'due', 10),
    partner('P1', 'Sheila Grant', true, 75),
    partner('P2', 'Diego Ruiz', false, 65),
    partner('P3', 'John Miller', null, 12),
  ];
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${users.join('\r\n')}\r\n`), 'hubspot-users-export.csv');
  zip.addBuffer(Buffer.from(`${deals.join('\r\n')}\r\n`), 'hubspot-crm-exports-all-deals.csv');
  zip.end();
  mkdirSync('test-results', { recursive: true });
  const path = 'test-results/hubspot-pipelines.zip';
  await pipeline(zip.outputStream, createWriteStream(path));
  return path;
}

/** A fixture export as a .zip, written to test-results/ for the file chooser. */
async function exportZip(
  dir = 'test/fixtures/salesforce-export',
  name = 'salesforce-export.zip',
): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const name of readdirSync(dir)) if (name.endsWith('.csv')) zip.addFile(join(dir, name), name);
  zip.end();
  mkdirSync('test-results', { recursive: true });
  const path = `test-results/${name}`;
  await pipeline(zip.outputStream, createWriteStream(path));
  return path;
}
