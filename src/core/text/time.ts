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

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(iso: string, tz: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));
}

/** A clock time when the instant falls on `day` in the zone, else date and time: how reasons name moments. */
export function formatWhen(iso: string, tz: string, locale: string, day: string | undefined): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  return day !== undefined && dateIn(iso, tz) === day ? formatTime(iso, tz, locale) : formatDateTime(iso, tz, locale);
}

/** A span of milliseconds in its two largest units ("7 days 1 min", "30 sec"), in the reader's language. */
export function formatSpan(ms: number, locale: string): string {
  const units = [["day", 86_400_000], ["hour", 3_600_000], ["minute", 60_000], ["second", 1000]] as const;
  let rest = Math.abs(Math.round(ms));
  const parts: string[] = [];
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 && parts.length < 2) parts.push(new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short" }).format(n));
  }
  return parts.length ? parts.join(" ") : new Intl.NumberFormat(locale, { style: "unit", unit: "second", unitDisplay: "short" }).format(0);
}
