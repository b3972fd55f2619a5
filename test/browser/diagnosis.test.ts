import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, hasBrowser, launch, screenshot, signIn } from '../helpers/browser.js';

let browser: Browser;
beforeAll(async () => {
  if (hasBrowser) browser = await launch();
});
afterAll(async () => browser?.close());

describe.skipIf(!hasBrowser)('the funnel diagnosis in a real browser', () => {
  it('Maria sees where her team’s funnel breaks: John at closing, Sheila at prospecting', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, 'maria@demo.touchline.test');
    await page.getByRole('link', { name: 'Where the funnel breaks' }).first().click();
    const coachFirst = page.getByRole('heading', { name: 'Coach here first' });
    await coachFirst.waitFor();
    const list = page.getByRole('listitem');
    await expect(list.filter({ hasText: 'John Miller' }).innerText()).resolves.toMatch(
      /closing[\s\S]*John converts \d+% of negotiations into wins; the team converts \d+%; closing that gap is worth about \$\d+K a quarter/i,
    );
    await expect(list.filter({ hasText: 'Sheila Grant' }).innerText()).resolves.toMatch(/prospecting/i);
    // The heat map: one row per rep, the flagged cells marked in words, not colour alone.
    const table = page.getByRole('table');
    const johnRow = table.getByRole('row').filter({ hasText: 'John Miller' });
    await expect(johnRow.getByText('▼ gap').count()).resolves.toBe(1);
    await expect(table.getByRole('link', { name: 'Fatima Zahra' }).count()).resolves.toBe(0);
    // Hover (or focus) shows the interval and n.
    await johnRow.getByLabel(/▼ gap/).hover(); // keyboard focus opens it too (focus-visible only)
    await expect(page.getByRole('tooltip').innerText()).resolves.toMatch(
      /90% interval \d+%–\d+%.*n = \d+ resolved/s,
    );
    // Sorting by a stage puts the weakest converter there first.
    await table.getByRole('button', { name: /Negotiation/ }).click();
    await expect(table.getByRole('row').nth(1).innerText()).resolves.toContain('John Miller');
    await expectAccessible(page);
    await screenshot(page, 'diagnosis-team');

    await table.getByRole('link', { name: 'John Miller' }).click();
    await page.getByRole('heading', { name: 'Funnel diagnosis' }).waitFor();
    await expect(
      page
        .getByText(/John converts \d+% of negotiations into wins/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expect(
      page.getByRole('img', { name: /Conversion out of each stage for John Miller/ }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'diagnosis-john');

    await page.goBack();
    await page.getByRole('link', { name: 'Sheila Grant' }).first().click();
    await page.getByRole('heading', { name: 'Funnel diagnosis' }).waitFor();
    await expect(
      page
        .getByText(/Sheila opens [\d.]+ new opportunities a week/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await screenshot(page, 'diagnosis-sheila');
    await context.close();
  });

  it('John sees his own funnel and cannot open the team page', async () => {
    const page = await browser.newPage();
    await signIn(page, 'john@demo.touchline.test');
    await page.getByRole('link', { name: 'My funnel' }).click();
    await page.getByRole('heading', { name: 'Coach here first' }).waitFor();
    await expect(
      page
        .getByText(/of negotiations into wins/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    const status = await page.evaluate(
      async () => (await fetch('/api/diagnosis/team/00000000-0000-4000-8000-000000000000')).status,
    );
    expect([403, 404]).toContain(status);
    // Typing the team page's address: told where his own page is, not an error.
    await page.goto(`${baseUrl}/team`);
    await page.getByRole('heading', { name: 'This page is for managers' }).waitFor();
    await page.getByRole('link', { name: 'Open your own funnel and plan' }).click();
    await page.getByRole('heading', { name: 'John Miller' }).waitFor();
    await page.close();
  });
});
