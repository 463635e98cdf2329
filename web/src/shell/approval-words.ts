// The words for a runbook text's approval as it decides who acts in roles (the run's banner and
// the New-run flow), spread into each dictionary (en.ts, vi.ts, id.ts): one file keeps the three
// languages side by side.

const en = {
  "trust.title": "Runbook text not approved",
  "trust.unapproved": "This runbook's text lists people for its roles ({named}). They do not act in those roles (tick their items, sign, decide, assign) until an admin approves this runbook text; until then only the people assigned to this run do.",
  "trust.approve": "Approve runbook text",
  "trust.approveHint": "Approve only after checking the people it lists for each role (and every command in it, if any): an edited runbook needs approving again.",
  "trust.approved": "Runbook text approved by {by}, {at}: the people it lists act in their roles",
  "trust.neverApproved": "No admin has approved this runbook text yet.",
  "newRun.textPending": "The people this runbook's text lists for its roles ({named}) will not act in them until an admin approves the text. Assign here the people who act in this run, or ask an admin to approve the runbook text.",
  "newRun.textApproved": "Runbook text approved by {by}: the people it lists act in their roles.",
  "newRun.membersPending": "Listed in the runbook (counts once an admin approves the text): {list}",
};

const vi: typeof en = {
  "trust.title": "Nội dung runbook chưa được phê duyệt",
  "trust.unapproved": "Nội dung runbook này ghi tên người cho các vai trò ({named}). Họ không được hành động trong các vai trò đó (đánh dấu mục của vai trò, ký duyệt, quyết định, phân công) cho đến khi quản trị viên phê duyệt nội dung runbook này; trước đó chỉ những người được phân công cho lần chạy này mới được.",
  "trust.approve": "Phê duyệt nội dung runbook",
  "trust.approveHint": "Chỉ phê duyệt sau khi đã kiểm tra những người được ghi cho từng vai trò (và mọi lệnh trong đó, nếu có): runbook đã sửa cần được phê duyệt lại.",
  "trust.approved": "Nội dung runbook đã được {by} phê duyệt, {at}: những người được ghi tên hành động trong vai trò của họ",
  "trust.neverApproved": "Chưa có quản trị viên nào phê duyệt nội dung runbook này.",
  "newRun.textPending": "Những người mà nội dung runbook này ghi cho các vai trò ({named}) sẽ không được hành động trong các vai trò đó cho đến khi quản trị viên phê duyệt nội dung. Hãy phân công ở đây những người đảm nhận lần chạy này, hoặc nhờ quản trị viên phê duyệt nội dung runbook.",
  "newRun.textApproved": "Nội dung runbook đã được {by} phê duyệt: những người được ghi tên hành động trong vai trò của họ.",
  "newRun.membersPending": "Có trong runbook (chỉ được tính khi quản trị viên phê duyệt nội dung): {list}",
};

const id: typeof en = {
  "trust.title": "Teks runbook belum disetujui",
  "trust.unapproved": "Teks runbook ini mencantumkan orang untuk perannya ({named}). Mereka tidak bertindak dalam peran itu (mencentang item peran, menandatangani, memutuskan, menugaskan) sampai admin menyetujui teks runbook ini; sebelum itu hanya orang yang ditugaskan pada eksekusi ini yang bertindak.",
  "trust.approve": "Setujui teks runbook",
  "trust.approveHint": "Setujui hanya setelah memeriksa orang yang dicantumkan untuk setiap peran (dan setiap perintah di dalamnya, bila ada): runbook yang diubah perlu disetujui lagi.",
  "trust.approved": "Teks runbook disetujui oleh {by}, {at}: orang yang dicantumkan bertindak dalam perannya",
  "trust.neverApproved": "Belum ada admin yang menyetujui teks runbook ini.",
  "newRun.textPending": "Orang yang dicantumkan teks runbook ini untuk perannya ({named}) tidak akan bertindak dalam peran itu sampai admin menyetujui teksnya. Tugaskan di sini orang yang bertindak dalam eksekusi ini, atau minta admin menyetujui teks runbook.",
  "newRun.textApproved": "Teks runbook disetujui oleh {by}: orang yang dicantumkan bertindak dalam perannya.",
  "newRun.membersPending": "Tercantum di runbook (dihitung setelah admin menyetujui teksnya): {list}",
};

/** The approval's words in each dashboard language. */
export const APPROVAL_WORDS = { en, vi, id };

/** The people a runbook text lists, role by role (`PO: ann, bob; QA: cat`), for the notices. */
export function namedMembers(roles: readonly { id: string; title?: string | undefined; members?: readonly string[] | undefined }[]): string {
  return roles
    .filter((r) => (r.members?.length ?? 0) > 0)
    .map((r) => `${r.title ?? r.id}: ${(r.members ?? []).join(", ")}`)
    .join("; ");
}
