import type { EventType } from "../notify/events.ts";

// What a notification says in a person's language (e-mail subjects and bodies): one label per
// event type and the few words around it, in English, Vietnamese and Indonesian.

export type NotifyLang = "en" | "vi" | "id";

type Phrases = { [K in EventType]: string } & {
  run: string;
  runbook: string;
  severity: string;
  for: string;
  open: string;
  rehearsal: string;
  footer: string;
};

/** Event labels and surrounding words per language. */
export const NOTIFY_WORDS: Record<NotifyLang, Phrases> = {
  en: {
    "verdict.changed": "Go / no-go changed",
    "gate.passed": "Gate passed",
    "gate.failed": "Gate failed",
    "gate.blocked": "Gate blocked",
    "check.failing": "Check failing",
    "check.recovered": "Check recovered",
    "wave.exit_met": "Wave exit criteria met",
    "wave.advanced": "Wave advanced",
    "checkpoint.due": "Checkpoint due soon",
    "forecast.past_deadline": "Forecast past the rollback deadline",
    "signoff.requested": "Sign-off requested",
    "signoff.given": "Sign-off given",
    "incident.opened": "Incident opened",
    "incident.updated": "Incident updated",
    "incident.resolved": "Incident resolved",
    "incident.update_overdue": "Incident update overdue",
    "waiver.expiring": "Waiver expiring",
    "hypercare.extend": "Hypercare extended",
    "hypercare.close": "Hypercare closed",
    test: "Test notification",
    run: "Run",
    runbook: "Runbook",
    severity: "Severity",
    for: "For",
    open: "Open the run",
    rehearsal: "rehearsal",
    footer: "Sent by golive; delivery id",
  },
  vi: {
    "verdict.changed": "Quyết định go / no-go đã thay đổi",
    "gate.passed": "Cổng đã đạt",
    "gate.failed": "Cổng thất bại",
    "gate.blocked": "Cổng bị chặn",
    "check.failing": "Kiểm tra đang thất bại",
    "check.recovered": "Kiểm tra đã phục hồi",
    "wave.exit_met": "Đợt đã đạt tiêu chí kết thúc",
    "wave.advanced": "Đợt đã chuyển trạng thái",
    "checkpoint.due": "Sắp đến điểm kiểm soát",
    "forecast.past_deadline": "Dự báo vượt hạn chót rollback",
    "signoff.requested": "Yêu cầu phê duyệt",
    "signoff.given": "Đã phê duyệt",
    "incident.opened": "Sự cố đã mở",
    "incident.updated": "Sự cố đã cập nhật",
    "incident.resolved": "Sự cố đã xử lý xong",
    "incident.update_overdue": "Quá hạn cập nhật sự cố",
    "waiver.expiring": "Miễn trừ sắp hết hạn",
    "hypercare.extend": "Đã gia hạn giai đoạn hypercare",
    "hypercare.close": "Đã đóng giai đoạn hypercare",
    test: "Thông báo thử",
    run: "Lần chạy",
    runbook: "Runbook",
    severity: "Mức độ",
    for: "Gửi tới",
    open: "Mở lần chạy",
    rehearsal: "diễn tập",
    footer: "Gửi bởi golive; mã gửi",
  },
  id: {
    "verdict.changed": "Keputusan go / no-go berubah",
    "gate.passed": "Gerbang lulus",
    "gate.failed": "Gerbang gagal",
    "gate.blocked": "Gerbang terblokir",
    "check.failing": "Pemeriksaan gagal",
    "check.recovered": "Pemeriksaan pulih",
    "wave.exit_met": "Kriteria keluar gelombang terpenuhi",
    "wave.advanced": "Gelombang berlanjut",
    "checkpoint.due": "Titik periksa segera tiba",
    "forecast.past_deadline": "Perkiraan melewati batas waktu rollback",
    "signoff.requested": "Persetujuan diminta",
    "signoff.given": "Persetujuan diberikan",
    "incident.opened": "Insiden dibuka",
    "incident.updated": "Insiden diperbarui",
    "incident.resolved": "Insiden diselesaikan",
    "incident.update_overdue": "Pembaruan insiden terlambat",
    "waiver.expiring": "Pengecualian segera berakhir",
    "hypercare.extend": "Masa hypercare diperpanjang",
    "hypercare.close": "Masa hypercare ditutup",
    test: "Notifikasi uji",
    run: "Run",
    runbook: "Runbook",
    severity: "Tingkat keparahan",
    for: "Untuk",
    open: "Buka run",
    rehearsal: "gladi",
    footer: "Dikirim oleh golive; id pengiriman",
  },
};

/** The supported language a tag names (`vi`, `vi-VN`, `Indonesian` → id), English otherwise. */
export function notifyLang(tag: string | undefined): NotifyLang {
  const t = (tag ?? "").trim().toLowerCase();
  if (t.startsWith("vi")) return "vi";
  if (t === "id" || t.startsWith("id-") || t === "in" || t.startsWith("indonesia") || t.startsWith("bahasa")) return "id";
  return "en";
}
