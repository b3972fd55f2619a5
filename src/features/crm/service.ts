/**
 * The CRM feature's public face: what routes, the CLI and other features call. Each use case lives
 * in its own file — importing (`import/importCsv.ts`, one job each: `import/job.ts`), the import
 * reports (`import/reports.ts`), exporting (`export.ts`), the funnel (`funnel.ts`) and the totals
 * the diagnosis reads (`totals.ts`).
 */
import type { Db } from '../../db/open.js';
import { getFunnel } from './funnel.js';
import { rebuildRollups, rollupsAreStale } from './rollups.js';

export { type DataCaveats, dataCaveats } from './caveats.js';
export { exportOrg } from './export.js';
export { describeExportReport } from './exports/describe.js';
export { importHubspotExport } from './exports/hubspot.js';
export { importSalesforceExport } from './exports/salesforce.js';
export {
  allFunnels,
  diagnosePipeline,
  getFunnel,
  listPipelines,
  type PipelineSummary,
  setFunnel,
} from './funnel.js';
export { parseSmallCsv } from './import/csv.js';
export { dateStyleOfFile } from './import/dateStyle.js';
export { type ImportOptions, importCsv, importDir } from './import/importCsv.js';
export { clearInterruptedImports } from './import/interrupted.js';
export { getImportJob, listImportJobs, rejectsCsv } from './import/reports.js';
export type { RateRow } from './import/rows.js';
export { type TotalsWindow, type WindowTotals, windowTotals } from './totals.js';
export { crmDataVersion } from './version.js';

/**
 * Rebuilds an org's rollups when they predate the current shape (a migration reshaped them).
 * Returns whether it did.
 */
export async function refreshStaleRollups(db: Db, opts: { orgId: string }): Promise<boolean> {
  const { orgId } = opts;
  const funnel = await getFunnel(db, { orgId });
  if (!(await rollupsAreStale(db, orgId, funnel))) return false;
  await rebuildRollups(db, orgId, funnel);
  return true;
}
