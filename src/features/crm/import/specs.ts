import type { SQL } from 'drizzle-orm';
import { wouldChangeActivities, wouldChangeHistory, wouldChangeOpportunities } from './dryRunQueries.js';
import {
  ACTIVITY_STAGE_COLUMNS,
  activityRow,
  HISTORY_STAGE_COLUMNS,
  historyRow,
  OPPORTUNITY_STAGE_COLUMNS,
  opportunityRow,
  type RowContext,
  type Staged,
} from './rows.js';

export type StagedKind = 'opportunities' | 'stage_history' | 'activities';

export interface KindSpec {
  /** Staging table name prefix; each import stages into `<prefix>_<job id>` (unlogged). */
  stageTable: string;
  stageColumns: readonly string[];
  /** The staging table's columns after `line`, in `stageColumns` order. */
  stageTypes: string;
  /**
   * Per staged column: true when its values never need CSV quoting (ids we generate, numbers,
   * validated timestamps, fixed words), so encoding skips the check. Free text is always checked.
   */
  plain: readonly boolean[];
  toRow: (record: Record<string, string | undefined>, ctx: RowContext, part: number) => Staged;
  /** The dry run's count of rows the merge would insert and update (`dryRunQueries.ts`). */
  wouldChange: (table: string, orgId: string, lines: SQL) => SQL;
}

export const SPECS: Record<StagedKind, KindSpec> = {
  opportunities: {
    stageTable: 'import_stage_opportunities',
    stageColumns: OPPORTUNITY_STAGE_COLUMNS,
    stageTypes: `crm_id text not null, owner_id uuid not null, account text not null, name text not null,
      amount_minor bigint, created_at timestamptz not null, stage text not null, closed_at timestamptz, won boolean,
      amount numeric, currency text, pipeline text`,
    // crm_id, owner_id, account, name, amount_minor, created_at, stage, closed_at, won, amount, currency, pipeline
    plain: [false, true, false, false, true, true, false, true, true, true, true, false],
    toRow: opportunityRow,
    wouldChange: wouldChangeOpportunities,
  },
  stage_history: {
    stageTable: 'import_stage_history',
    stageColumns: HISTORY_STAGE_COLUMNS,
    stageTypes:
      'opportunity_id text not null, stage text not null, entered_at timestamptz not null, part smallint not null',
    // opportunity_id, stage, entered_at, part
    plain: [false, false, true, true],
    toRow: historyRow,
    wouldChange: wouldChangeHistory,
  },
  activities: {
    stageTable: 'import_stage_activities',
    stageColumns: ACTIVITY_STAGE_COLUMNS,
    stageTypes: `crm_id text not null, owner_id uuid not null, type text not null, occurred_at timestamptz not null,
      opportunity_id text, contact_level text`,
    // crm_id, owner_id, type, occurred_at, opportunity_id, contact_level
    plain: [false, true, false, true, false, true],
    toRow: activityRow,
    wouldChange: wouldChangeActivities,
  },
};

/** The staging table of one import job: UNLOGGED, dropped when the job ends (or, if its process died, by the next import of the org). */
export function stageTableOf(kind: StagedKind, jobId: string): string {
  return `${SPECS[kind].stageTable}_${jobId.replaceAll('-', '')}`;
}
