import type { ExportReport } from './contract.js';

const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252/Latin-1',
};

/** What each kind of import job brought in, in the report's words. */
const KIND_WORDS: Record<ExportReport['objects'][number]['kind'], string> = {
  people: 'people',
  opportunities: 'opportunities',
  stage_history: 'stage history',
  activities: 'activities',
};

/** Rejected rows listed per file before "… and N more". */
const LISTED_REJECTS = 20;

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** What an export import did, as lines a person reads (the CLI prints them). */
export function describeExportReport(report: ExportReport): string[] {
  const lines: string[] = [];
  const would = report.dryRun ? 'would be ' : '';
  lines.push(
    `Files: ${report.files.map((f) => (f.file ? `${f.file} (${ENCODING_NAMES[f.encoding ?? ''] ?? f.encoding})` : report.source === 'salesforce' ? `no ${f.object}.csv` : `no ${f.object.toLowerCase()} file`)).join(', ')}.`,
  );
  if (report.pipeline) {
    const pl = report.pipeline;
    lines.push(
      `Pipeline the diagnosis reads: ${pl.name ? `"${pl.name}"` : 'the deals with no pipeline named'}${pl.deals > 0 ? `, ${plural(pl.deals, 'deal')}` : ' (none in this export)'}${pl.others.length ? `; also ${would}imported, each with its own funnel: ${pl.others.map((o) => `"${o.name || '(none named)'}" (${plural(o.deals, 'deal')}: ${o.stages.join(' → ')}; lost: ${o.lost})`).join(', ')}` : ''}.`,
    );
  }
  const p = report.people;
  lines.push(
    `People: ${plural(p.users, 'user')} in the export; ${plural(p.added, 'person', 'people')} ${would}added, ${plural(p.matched, 'person', 'people')} matched by email${p.skipped.length ? `, ${plural(p.skipped.length, 'user')} left out` : ''}.`,
  );
  for (const s of p.skipped.slice(0, LISTED_REJECTS)) lines.push(`  left out: ${s.user} — ${s.reason}`);
  if (p.skipped.length > LISTED_REJECTS) lines.push(`  … and ${p.skipped.length - LISTED_REJECTS} more`);
  const f = report.funnel;
  lines.push(
    `Funnel (${f.from === 'export' ? `${would}set from the export` : "the organisation's own"}): ${f.stages.join(' → ')}; lost: ${f.lost}.`,
  );
  for (const [from, to] of f.mapped) lines.push(`  "${from}" counts as "${to}"`);
  for (const o of report.objects) {
    const s = o.summary;
    const collapsed = s.collapsed ? `, ${plural(s.collapsed, 'edit')} within a stage collapsed` : '';
    lines.push(
      `${o.file} (${KIND_WORDS[o.kind]}): ${s.inserted.toLocaleString('en-US')} ${would}inserted, ${s.updated.toLocaleString('en-US')} ${would}updated, ${s.unchanged.toLocaleString('en-US')} unchanged, ${s.rejected.toLocaleString('en-US')} rejected${collapsed}.`,
    );
    for (const r of s.rejects.slice(0, LISTED_REJECTS))
      lines.push(`  ${r.file}:${r.line}${r.column ? ` [${r.column}]` : ''} ${r.reason}`);
    if (s.rejected > LISTED_REJECTS)
      lines.push(`  … and ${s.rejected - LISTED_REJECTS} more (use --json for the list)`);
  }
  for (const w of report.warnings) lines.push(`Note: ${w}`);
  return lines;
}
