/**
 * A new rep's ramp: from their start date, the time in which they are shown as ramping and not
 * judged on volume (new opportunities per week), since their pipeline is still filling. The median
 * account-executive ramp is about five months (DOMAIN.md, Bridge Group).
 */
export const RAMP_WEEKS = 22;
export const RAMP_DAYS = RAMP_WEEKS * 7;

const DAY_MS = 86_400_000;

/** Whether a rep who started on `startDate` (YYYY-MM-DD) is still ramping on `today`. */
export function isRampingOn(startDate: string | null, today: Date): boolean {
  if (!startDate) return false;
  const days = Math.floor((today.getTime() - Date.parse(`${startDate}T00:00:00Z`)) / DAY_MS);
  return days >= 0 && days < RAMP_DAYS;
}
