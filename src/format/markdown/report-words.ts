import { fill, type WordsLang } from "../../core/text/words.ts";

// The HTML report's own words in English, Vietnamese and Indonesian. States and reasons come
// from src/core/text, shared with the dashboard.

const en = {
  go: "GO",
  noGo: "NO-GO",
  asOf: "as of {now}",
  run: "run {name}",
  plan: "Plan (no run given)",
  gates: "Gates",
  waves: "Waves",
  steps: "Deploy steps",
  timeline: "Timeline",
  rollbackDeadline: "rollback deadline {at}",
  signoffs: "Sign-offs",
  audit: "Audit summary",
  id: "#",
  gate: "Gate",
  owner: "Owner",
  status: "Status",
  why: "Why",
  criterion: "Criterion",
  target: "Target",
  measure: "How measured",
  observed: "Observed",
  step: "Step",
  planned: "Planned",
  started: "Started",
  ended: "Ended",
  verify: "Verify",
  rollback: "Rollback",
  phase: "Phase",
  actualStart: "Actual start",
  slippage: "Slippage",
  checkpoint: "Checkpoint",
  signoff: "Sign-off",
  role: "Role",
  signedBy: "Signed by",
  when: "When",
  recorded: "Recorded",
  count: "Count",
  nothingRecorded: "Nothing recorded yet.",
  refused: "{n} recorded fact(s) were refused by the rules.",
  "facts.items": "item ticks",
  "facts.checks": "check results",
  "facts.signoffs": "sign-offs",
  "facts.waivers": "waivers",
  "facts.steps": "step actions",
  "facts.checkpoints": "checkpoint decisions",
  "facts.attestations": "attestations",
  "facts.waves": "wave openings and closings",
  "facts.incidents": "incidents",
};

/** A word of the report. */
export type ReportWord = keyof typeof en;

const vi: Record<ReportWord, string> = {
  go: "GO",
  noGo: "NO-GO",
  asOf: "tính đến {now}",
  run: "lượt chạy {name}",
  plan: "Kế hoạch (chưa có lượt chạy)",
  gates: "Cổng",
  waves: "Đợt",
  steps: "Các bước triển khai",
  timeline: "Dòng thời gian",
  rollbackDeadline: "hạn chót rollback {at}",
  signoffs: "Ký duyệt",
  audit: "Tóm tắt nhật ký",
  id: "#",
  gate: "Cổng",
  owner: "Phụ trách",
  status: "Trạng thái",
  why: "Lý do",
  criterion: "Tiêu chí",
  target: "Mục tiêu",
  measure: "Cách đo",
  observed: "Quan sát",
  step: "Bước",
  planned: "Dự kiến",
  started: "Bắt đầu",
  ended: "Kết thúc",
  verify: "Xác minh",
  rollback: "Rollback",
  phase: "Giai đoạn",
  actualStart: "Bắt đầu thực tế",
  slippage: "Chậm trễ",
  checkpoint: "Điểm kiểm tra",
  signoff: "Ký duyệt",
  role: "Vai trò",
  signedBy: "Người ký",
  when: "Thời điểm",
  recorded: "Đã ghi nhận",
  count: "Số lượng",
  nothingRecorded: "Chưa ghi nhận gì.",
  refused: "{n} sự kiện đã ghi bị quy tắc từ chối.",
  "facts.items": "đánh dấu mục",
  "facts.checks": "kết quả kiểm tra",
  "facts.signoffs": "ký duyệt",
  "facts.waivers": "miễn trừ",
  "facts.steps": "thao tác bước",
  "facts.checkpoints": "quyết định tại điểm kiểm tra",
  "facts.attestations": "xác nhận",
  "facts.waves": "mở và đóng đợt",
  "facts.incidents": "sự cố",
};

const id: Record<ReportWord, string> = {
  go: "GO",
  noGo: "NO-GO",
  asOf: "per {now}",
  run: "putaran {name}",
  plan: "Rencana (belum ada putaran)",
  gates: "Gerbang",
  waves: "Gelombang",
  steps: "Langkah deploy",
  timeline: "Linimasa",
  rollbackDeadline: "batas waktu rollback {at}",
  signoffs: "Persetujuan",
  audit: "Ringkasan audit",
  id: "#",
  gate: "Gerbang",
  owner: "Penanggung jawab",
  status: "Status",
  why: "Alasan",
  criterion: "Kriteria",
  target: "Target",
  measure: "Cara ukur",
  observed: "Teramati",
  step: "Langkah",
  planned: "Rencana",
  started: "Mulai",
  ended: "Selesai",
  verify: "Verifikasi",
  rollback: "Rollback",
  phase: "Fase",
  actualStart: "Mulai sebenarnya",
  slippage: "Keterlambatan",
  checkpoint: "Titik periksa",
  signoff: "Persetujuan",
  role: "Peran",
  signedBy: "Ditandatangani oleh",
  when: "Waktu",
  recorded: "Tercatat",
  count: "Jumlah",
  nothingRecorded: "Belum ada yang tercatat.",
  refused: "{n} fakta tercatat ditolak oleh aturan.",
  "facts.items": "centang butir",
  "facts.checks": "hasil pemeriksaan",
  "facts.signoffs": "persetujuan",
  "facts.waivers": "pengecualian",
  "facts.steps": "aksi langkah",
  "facts.checkpoints": "keputusan titik periksa",
  "facts.attestations": "pernyataan",
  "facts.waves": "pembukaan dan penutupan gelombang",
  "facts.incidents": "insiden",
};

/** The report's words in each language. */
export const REPORT_WORDS: Record<WordsLang, Record<ReportWord, string>> = { en, vi, id };

/** The languages the report is written in. */
export const REPORT_LANGS: readonly WordsLang[] = ["en", "vi", "id"];

/** The report's language for a runbook: `--lang`, else the runbook's language when the report speaks it, else English. */
export function reportLang(requested: string | undefined, runbookLanguage: string | undefined): WordsLang {
  const pick = (tag: string | undefined) => {
    const base = tag?.toLowerCase().split("-")[0];
    return (REPORT_LANGS as readonly string[]).includes(base ?? "") ? (base as WordsLang) : undefined;
  };
  return pick(requested) ?? pick(runbookLanguage) ?? "en";
}

/** A word with `{name}` placeholders filled. */
export function word(lang: WordsLang, key: ReportWord, params?: Record<string, string | number>): string {
  return fill(REPORT_WORDS[lang][key], params);
}
