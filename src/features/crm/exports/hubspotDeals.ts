import { basename } from 'node:path';
import { hubspotEnteredColumn, normalizeColumn } from '../../../core/crmFormats.js';
import { type DateStyle, parseTimestamp } from '../../../core/crmValues.js';
import { AppError } from '../../../core/errors.js';
import { readCsvRecords } from '../import/csv.js';
import type { FoundFile } from './exportRun.js';
import type { ExportStage } from './funnelPlan.js';
import { openDecoded } from './source.js';

/** What one pass over a HubSpot deals export tells before anything is imported. */
export interface DealsScan {
  /** Deals per pipeline (the empty name: deals whose export has no pipeline column or value). */
  pipelines: Map<string, number>;
  /** Deal ids per pipeline, lower-cased pipeline name. */
  ids: Map<string, string[]>;
  /** Owner values (lower-cased) → how many deals each owns. */
  owners: Map<string, number>;
  /** Per pipeline (lower-cased), per stage: what the deals say about it. */
  stages: Map<string, Map<string, StageEvidence>>;
}

interface StageEvidence {
  name: string;
  /** Where the stage's "Date entered" column sits in the header (the export's own order). */
  column: number;
  /** A "Date entered" column names this pipeline as the stage's: one of its stages, entered or not. */
  named: boolean;
  /** Days from the deal's creation to its entry into the stage, a sample. */
  offsets: number[];
  /** Deals now at this stage, and those of them HubSpot marks closed won, and closed not won. */
  current: number;
  won: number;
  lost: number;
}

/** Entry offsets kept per stage for the median: plenty to order stages, bounded for huge exports. */
const OFFSET_SAMPLE = 5_000;

const pick = (names: string[], candidates: readonly string[]) => {
  for (const c of candidates) {
    const i = names.indexOf(c);
    if (i >= 0) return i;
  }
  return -1;
};

/** Reads the deals file once: pipelines, owners, and what each stage's entries and outcomes say. */
export async function scanDeals(f: FoundFile, dateStyle: DateStyle | undefined): Promise<DealsScan> {
  const scan: DealsScan = { pipelines: new Map(), ids: new Map(), owners: new Map(), stages: new Map() };
  let at:
    | {
        id: number;
        pipeline: number;
        stage: number;
        created: number;
        owner: number;
        closedWon: number;
        closed: number;
        entered: { i: number; stage: string; pipeline: string | undefined }[];
      }
    | undefined;
  const time = (raw: string | undefined) => {
    if (!raw?.trim()) return undefined;
    const t = parseTimestamp(raw, dateStyle);
    return t.ok ? t.value.getTime() : undefined;
  };
  const evidence = (pipeline: string, stage: string, column = Number.MAX_SAFE_INTEGER) => {
    const byStage = scan.stages.get(pipeline) ?? new Map<string, StageEvidence>();
    scan.stages.set(pipeline, byStage);
    const key = stage.toLowerCase();
    let e = byStage.get(key);
    if (!e) {
      e = { name: stage, column, named: false, offsets: [], current: 0, won: 0, lost: 0 };
      byStage.set(key, e);
    }
    e.column = Math.min(e.column, column);
    return e;
  };
  for await (const batch of readCsvRecords(openDecoded(f.path, f.encoding), basename(f.path))) {
    for (const { fields, error, nulField } of batch) {
      if (!at) {
        // Column names become stage names ("Date entered …"): a damaged one must not.
        const bad = fields.findIndex((h) => h.includes('\u0000'));
        if (bad >= 0)
          throw new AppError(
            'invalid',
            `${basename(f.path)}: column ${bad + 1} of the header holds a NUL byte; export the file again`,
          );
        const names = fields.map(normalizeColumn);
        at = {
          id: pick(names, ['record id', 'deal id']),
          pipeline: pick(names, ['pipeline']),
          stage: pick(names, ['deal stage']),
          created: pick(names, ['create date', 'created date']),
          owner: pick(names, ['deal owner', 'hubspot owner', 'owner']),
          closedWon: pick(names, ['is closed won']),
          closed: pick(names, ['is closed']),
          entered: fields.flatMap((h, i) => {
            const e = hubspotEnteredColumn(h);
            return e ? [{ i, ...e }] : [];
          }),
        };
        continue;
      }
      // A row the import will reject says nothing about the pipelines and their stages.
      if (error || nulField !== undefined) continue;
      const pipeline = (fields[at.pipeline] ?? '').trim();
      const key = pipeline.toLowerCase();
      scan.pipelines.set(pipeline, (scan.pipelines.get(pipeline) ?? 0) + 1);
      const id = (fields[at.id] ?? '').trim();
      if (id) {
        const ids = scan.ids.get(key) ?? [];
        if (ids.length === 0) scan.ids.set(key, ids);
        ids.push(id);
      }
      const owner = (fields[at.owner] ?? '').trim().toLowerCase();
      if (owner) scan.owners.set(owner, (scan.owners.get(owner) ?? 0) + 1);
      const stage = (fields[at.stage] ?? '').trim();
      if (stage) {
        const e = evidence(key, stage);
        e.current++;
        const closed = at.closed >= 0 && /^(true|1|yes)$/i.test((fields[at.closed] ?? '').trim());
        const won = at.closedWon >= 0 && /^(true|1|yes)$/i.test((fields[at.closedWon] ?? '').trim());
        if (won) e.won++;
        else if (closed) e.lost++;
      }
      const created = time(fields[at.created]);
      for (const c of at.entered) {
        // A file without a pipeline column: every "Date entered" column is about its deals.
        if (c.pipeline && key && c.pipeline.toLowerCase() !== key) continue;
        const e = evidence(key, c.stage, c.i);
        if (c.pipeline && key) e.named = true;
        const entered = time(fields[c.i]);
        if (created !== undefined && entered !== undefined && e.offsets.length < OFFSET_SAMPLE)
          e.offsets.push(entered - created);
      }
    }
  }
  return scan;
}

/** The pipeline the import uses: the one named (case-insensitive), else the one with most deals. */
export function choosePipeline(scan: DealsScan, named: string | undefined): string {
  const all = [...scan.pipelines].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (named) {
    const hit = all.find(([p]) => p.toLowerCase() === named.trim().toLowerCase());
    if (!hit)
      throw new AppError(
        'invalid',
        `no deals in a pipeline named "${named}"; the export's pipelines are ${all.map(([p, n]) => `"${p || '(none)'}" (${n} deals)`).join(', ')}`,
        { issues: [{ path: 'pipeline', message: `not in the export: ${named}` }] },
      );
    return hit[0];
  }
  return all[0]?.[0] ?? '';
}

const median = (xs: number[]) => {
  if (xs.length === 0) return Number.POSITIVE_INFINITY;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/**
 * A pipeline's stages from its deals, when the export has no pipelines file: ordered by how long
 * after creation deals typically entered each (the median), the header's order breaking ties and
 * placing stages no deal entered (last). The won stage is where HubSpot's "Is Closed Won" deals sit (else a
 * stage named "won"), the lost stage where its other closed deals sit (else one named "lost").
 */
export function stagesFromDeals(scan: DealsScan, pipeline: string): ExportStage[] {
  // A stage no deal entered or sits at (another pipeline's column, in a file without a Pipeline
  // column) is not one of this pipeline's, unless its column names this pipeline.
  const evidence = [...(scan.stages.get(pipeline.toLowerCase())?.values() ?? [])].filter(
    (e) => e.named || e.offsets.length > 0 || e.current > 0,
  );
  const byVotes = (k: 'won' | 'lost', name: RegExp) => {
    const most = [...evidence].sort((a, b) => b[k] - a[k])[0];
    return most?.[k] ? most : evidence.find((e) => name.test(e.name));
  };
  const won = byVotes('won', /\bwon\b|ganad|gewonnen|gagn/i);
  const lost = byVotes('lost', /\blost\b|perdid|verloren|perdu|churn|cancel/i);
  return evidence
    .sort((a, b) => median(a.offsets) - median(b.offsets) || a.column - b.column)
    .map((e, order) => ({
      name: e.name,
      order,
      closed: e === won || e === lost,
      won: e === won,
      active: true,
    }));
}
