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
  stageTable: string;
  stageColumns: readonly string[];
  toRow: (record: Record<string, string | undefined>, ctx: RowContext, part: number) => Staged;
}

export const SPECS: Record<StagedKind, KindSpec> = {
  opportunities: {
    stageTable: 'import_stage_opportunities',
    stageColumns: OPPORTUNITY_STAGE_COLUMNS,
    toRow: opportunityRow,
  },
  stage_history: {
    stageTable: 'import_stage_history',
    stageColumns: HISTORY_STAGE_COLUMNS,
    toRow: historyRow,
  },
  activities: {
    stageTable: 'import_stage_activities',
    stageColumns: ACTIVITY_STAGE_COLUMNS,
    toRow: activityRow,
  },
};
