// Dates and times are shown in the runbook's time zone (everyone on the call sees the same
// clock), formatted for the reader's language.

/** A date-time such as "28 May 2026, 06:30". */
export function formatDateTime(iso: string | undefined, tz: string, locale: string, seconds = false): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { timeZone: tz, dateStyle: "medium", timeStyle: seconds ? "medium" : "short" }).format(d);
}

/** A clock time such as "06:30". */
export function formatTime(iso: string | undefined, tz: string, locale: string, seconds = false): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { timeZone: tz, hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}), hourCycle: "h23" }).format(d);
}

/** A countdown as H:MM:SS (or M:SS under an hour); negative spans count up. */
export function formatCountdown(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${m}:${ss}`;
}

/** A relative time such as "in 7 minutes" or "3 hours ago", in the reader's language. */
export function formatRelative(ms: number, locale: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const abs = Math.abs(ms);
  const sign = Math.sign(ms) || 1;
  if (abs < 60_000) return rtf.format(sign * Math.round(abs / 1000), "second");
  if (abs < 3_600_000) return rtf.format(sign * Math.round(abs / 60_000), "minute");
  if (abs < 86_400_000) return rtf.format(sign * Math.round(abs / 3_600_000), "hour");
  return rtf.format(sign * Math.round(abs / 86_400_000), "day");
}

/** A span of minutes as hours and minutes in the reader's language ("1 hr, 5 min"); sign kept. */
export function formatMinutes(minutes: number, locale: string): string {
  const abs = Math.abs(Math.round(minutes));
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  const unit = (n: number, u: "day" | "hour" | "minute") => new Intl.NumberFormat(locale, { style: "unit", unit: u, unitDisplay: "short" }).format(n);
  const parts = h >= 48 ? [unit(Math.floor(h / 24), "day"), unit(h % 24, "hour")] : h > 0 ? [unit(h, "hour"), unit(m, "minute")] : [unit(m, "minute")];
  return `${minutes < 0 ? "−" : ""}${parts.join(" ")}`;
}
