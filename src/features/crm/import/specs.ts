import {
  ACTIVITY_COLUMNS,
  ACTIVITY_STAGE_COLUMNS,
  activityRow,
  HISTORY_COLUMNS,
  HISTORY_STAGE_COLUMNS,
  historyRow,
  OPPORTUNITY_COLUMNS,
  OPPORTUNITY_STAGE_COLUMNS,
  opportunityRow,
  type RowContext,
  type Staged,
} from './rows.js';

export type StagedKind = 'opportunities' | 'stage_history' | 'activities';

export interface KindSpec {
  /** Columns the generic format has (all required in the header; values may be optional). */
  header: readonly string[];
  stageTable: string;
  stageColumns: readonly string[];
  toRow: (record: Record<string, string | undefined>, ctx: RowContext, part: number) => Staged;
}

export const SPECS: Record<StagedKind, KindSpec> = {
  opportunities: {
    header: OPPORTUNITY_COLUMNS,
    stageTable: 'import_stage_opportunities',
    stageColumns: OPPORTUNITY_STAGE_COLUMNS,
    toRow: opportunityRow,
  },
  stage_history: {
    header: HISTORY_COLUMNS,
    stageTable: 'import_stage_history',
    stageColumns: HISTORY_STAGE_COLUMNS,
    toRow: historyRow,
  },
  activities: {
    header: ACTIVITY_COLUMNS,
    stageTable: 'import_stage_activities',
    stageColumns: ACTIVITY_STAGE_COLUMNS,
    toRow: activityRow,
  },
};
