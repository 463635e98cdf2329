// The words teams write in their go-live documents, in one place: table header words per field,
// which fields make which kind of table, status words, heading words, page chrome. English,
// Vietnamese and Indonesian first, then common words of other languages (de, fr, es, it, pt, nl).
// Everything is matched after `normalizeWord` (lower case, NFC, markup and punctuation trimmed).

/** A column's meaning. */
export type Field =
  | "id" | "gate" | "title" | "owner" | "status" | "criteria" | "target" | "measure" | "step" | "verify"
  | "rollback" | "trigger" | "action" | "risk" | "condition" | "issue" | "severity" | "approver" | "role"
  | "name" | "date" | "note" | "time" | "task" | "phone" | "backup" | "metric" | "alert_threshold"
  | "alert" | "check" | "fix" | "escalate" | "audience" | "channel" | "timing" | "due" | "property"
  | "value" | "kind" | "config" | "conditions" | "requires" | "attest" | "command" | "window" | "parent" | "members"
  | "assigns" | "phase"
  | "old" | "new" | "settings" | "waiver" | "targets" | "max_duration"
  | "impact" | "likelihood" | "question" | "answer" | "component" | "version"
  | "events" | "send_to";

/** Header words per field. Longer phrases win over shorter ones ("alert threshold" over "alert"). */
export const FIELD_WORDS: Record<Field, readonly string[]> = {
  id: ["#", "id", "no", "no.", "nr", "nr.", "stt", "số", "mã", "kode", "n°", "nº", "ref"],
  gate: ["gate", "gates", "cổng", "cổng kiểm soát", "gerbang", "tor", "porte", "puerta", "cancello", "quality gate", "poort"],
  title: ["item", "title", "tiêu đề", "mục", "hạng mục", "judul", "butir", "description", "mô tả", "deskripsi", "beschreibung", "élément", "elemento", "check item"],
  owner: ["owner", "owners", "phụ trách", "người phụ trách", "chịu trách nhiệm", "pic", "penanggung jawab", "pemilik", "responsible", "verantwortlich", "responsable", "responsabile", "assignee", "who", "người thực hiện", "eigenaar", "dono", "responsável", "responsáveis", "responsables"],
  status: ["status", "trạng thái", "tình trạng", "state", "estado", "statut", "stato", "approved", "đã duyệt", "disetujui", "keadaan", "done", "xong", "result", "results", "kết quả", "hasil", "ergebnis", "résultat", "resultado", "risultato", "verified", "checked", "vérifié", "verificado", "verificato", "geprüft", "đã kiểm tra", "terverifikasi"],
  criteria: ["criteria", "criterion", "exit criteria", "tiêu chí", "kriteria", "kriterium", "kriterien", "critère", "critères", "criterio", "criterios", "critério"],
  target: ["target", "mục tiêu", "ngưỡng", "sasaran", "target value", "ziel", "zielwert", "objectif", "objetivo", "obiettivo", "soll"],
  measure: ["how measured", "cách đo", "đo lường", "cách kiểm tra", "cara ukur", "pengukuran", "measurement", "measure", "measured by", "source of measure", "messung", "mesure", "medición", "misura"],
  step: ["step", "steps", "bước", "langkah", "schritt", "étape", "paso", "passo", "stap"],
  verify: ["verify", "verification", "kiểm tra", "xác minh", "verifikasi", "validasi", "prüfung", "vérification", "verificación", "verifica", "verify text"],
  rollback: ["rollback", "roll back", "hoàn tác", "khôi phục", "rollback?", "undo", "revert", "rückgängig", "retour arrière", "reversión"],
  trigger: ["trigger", "triggers", "điều kiện kích hoạt", "pemicu", "khi nào", "when", "auslöser", "déclencheur", "disparador", "migration", "failure mode"],
  action: ["action", "actions", "hành động", "xử lý", "tindakan", "aksi", "maßnahme", "acción", "azione", "down.sql action"],
  risk: ["risk", "risks", "risk description", "rủi ro", "mô tả rủi ro", "risiko", "deskripsi risiko", "risque", "riesgo", "rischio"],
  impact: ["impact", "ảnh hưởng", "tác động", "mức ảnh hưởng", "dampak", "auswirkung", "impacto", "impatto"],
  likelihood: ["likelihood", "probability", "khả năng xảy ra", "xác suất", "kemungkinan", "probabilitas", "wahrscheinlichkeit", "probabilité", "probabilidad"],
  question: ["question", "questions", "open question", "open questions", "decision needed", "câu hỏi", "câu hỏi mở", "vấn đề cần quyết định", "pertanyaan", "pertanyaan terbuka", "keputusan yang diperlukan", "frage", "offene frage", "pregunta", "domanda", "pergunta"],
  answer: ["answer", "answers", "decision", "câu trả lời", "trả lời", "quyết định", "jawaban", "keputusan", "antwort", "entscheidung", "réponse", "décision", "respuesta", "decisión", "risposta", "resposta"],
  component: ["component", "components", "thành phần", "cấu phần", "komponen", "komponente", "composant", "componente", "artifact", "module", "mô-đun", "modul"],
  version: ["version", "phiên bản", "versi", "release version", "versión", "versione", "versão"],
  condition: ["condition", "điều kiện", "kondisi", "bedingung", "condición", "condizione", "condição"],
  issue: ["issue", "vấn đề", "lỗi", "sự cố", "masalah", "problem", "problème", "problema", "incident"],
  severity: ["severity", "tier", "cấp độ", "mức độ", "mức độ nghiêm trọng", "tingkat", "keparahan", "sev", "priority", "ưu tiên", "schweregrad", "gravité", "gravedad", "prioritas"],
  approver: ["approver", "approvers", "grantors", "grantor", "granted by", "approved by", "người duyệt", "người phê duyệt", "phê duyệt", "penyetuju", "genehmiger", "approbateur", "aprobador", "aprovador", "aprovadores", "aprobadores", "freigeber"],
  role: ["role", "vai trò", "nhóm ký duyệt", "ký duyệt", "peran", "rolle", "rôle", "rol", "ruolo", "team", "nhóm", "bộ phận", "tim", "sign-off", "signoff", "approval", "aprovação", "aprobación", "freigabe"],
  name: ["name", "người", "tên", "họ tên", "nama", "person", "signer", "người ký", "nom", "nombre", "nome"],
  date: ["date", "ngày", "tanggal", "datum", "fecha", "data", "signed at", "signed on"],
  note: ["note", "notes", "ghi chú", "catatan", "keterangan", "remark", "remarks", "comment", "bemerkung", "remarque", "nota"],
  time: ["time", "thời gian", "giờ", "thời điểm", "waktu", "jam", "zeit", "uhrzeit", "heure", "hora", "ora", "at"],
  task: ["task", "tasks", "công việc", "nhiệm vụ", "tugas", "kegiatan", "aufgabe", "tâche", "tarea", "attività", "activity", "activities", "hoạt động"],
  phone: ["phone", "điện thoại", "số điện thoại", "sđt", "telepon", "no hp", "hp", "telefon", "téléphone", "teléfono", "mobile"],
  backup: ["backup", "dự phòng", "người dự phòng", "cadangan", "pengganti", "deputy", "vertretung", "suppléant", "suplente"],
  metric: ["metric", "metrics", "chỉ số", "chỉ tiêu", "metrik", "metrica", "métrique", "métrica", "kennzahl", "signal"],
  alert_threshold: ["alert threshold", "ngưỡng cảnh báo", "ambang alert", "ambang batas", "alert at", "alarm threshold", "seuil d'alerte", "umbral de alerta"],
  alert: ["alert", "alerts", "cảnh báo", "peringatan", "alarm", "alerte", "alerta", "avviso"],
  check: ["check", "checks", "cek", "periksa", "what to check", "automated check"],
  fix: ["fix", "khắc phục", "sửa", "cách xử lý", "perbaikan", "solusi", "remedy", "mitigation", "mitigations", "mitigation plan", "giảm thiểu", "biện pháp giảm thiểu", "phương án giảm thiểu", "mitigasi", "rencana mitigasi", "behebung", "correctif", "solución"],
  escalate: ["escalate", "escalation", "leo thang", "eskalasi", "báo cáo lên", "eskalation", "escalade", "escalar"],
  audience: ["audience", "người nhận", "đối tượng", "penerima", "recipients", "notify", "empfänger", "destinataires", "audiencia",
    "stakeholder", "stakeholders", "who to tell", "who to notify", "who to inform", "bên liên quan", "các bên liên quan", "đối tượng nhận", "pemangku kepentingan", "pihak terkait",
    "partes interessadas", "interessados", "público", "destinatários", "partes interesadas", "público objetivo", "destinatarios", "parties prenantes", "beteiligte", "grupo", "group"],
  channel: ["channel", "channels", "kênh", "kanal", "saluran", "canal", "canale"],
  timing: ["timing", "thời hạn", "within", "deadline", "frist", "délai", "plazo",
    "when to communicate", "when to notify", "when to inform", "when to tell", "frequency", "cadence", "khi nào thông báo", "thời điểm thông báo", "tần suất",
    "kapan dikomunikasikan", "kapan diberitahu", "kapan memberi tahu", "waktu komunikasi", "waktu pemberitahuan", "frekuensi",
    "quando comunicar", "quando notificar", "quando informar", "frequência", "cuándo comunicar", "cuándo notificar", "cuándo informar", "frecuencia",
    "quand communiquer", "quand informer", "fréquence", "wann informieren", "wann kommunizieren", "häufigkeit"],
  due: ["due", "hạn", "hạn chót", "tenggat", "batas waktu", "by when", "fällig", "échéance"],
  property: ["thuộc tính", "property", "attribute", "properti", "atribut", "eigenschaft", "propriété", "propiedad", "fact",
    "variable", "variables", "env var", "environment variable", "biến", "biến môi trường", "variabel", "variabel lingkungan", "variável", "variável de ambiente", "umgebungsvariable"],
  value: ["value", "giá trị", "nilai", "wert", "valeur", "valor", "valore"],
  kind: ["kind", "loại", "type", "jenis", "art", "tipo"],
  config: ["config", "configuration", "cấu hình", "konfigurasi", "konfiguration"],
  conditions: ["conditions", "các điều kiện", "kondisi-kondisi", "bedingungen"],
  requires: ["requires", "depends on", "prerequisites", "yêu cầu", "waits for", "prasyarat", "voraussetzungen"],
  attest: ["attested by", "attest", "xác nhận bởi", "dikonfirmasi oleh"],
  command: ["command", "lệnh", "perintah", "befehl", "commande", "comando"],
  members: ["members", "thành viên", "anggota", "mitglieder", "membres", "miembros"],
  phase: ["phase", "phases", "stage", "wave", "giai đoạn", "đợt", "tahap", "fase", "gelombang", "phasen", "étape du projet"],
  assigns: ["assigns", "can assign", "assigns roles", "phân công", "được phân công vai trò", "menugaskan", "dapat menugaskan", "asigna"],
  parent: ["part of", "parent", "thuộc bước", "bagian dari", "teil von"],
  settings: ["settings", "options", "cài đặt", "thiết lập", "pengaturan", "einstellungen", "paramètres", "ajustes"],
  waiver: ["waiver", "waivers", "miễn trừ", "pengecualian", "ausnahme", "dérogation", "exención"],
  targets: ["targets", "covers", "applies to", "áp dụng cho", "berlaku untuk", "gilt für"],
  max_duration: ["max duration", "maximum duration", "thời hạn tối đa", "durasi maksimum", "höchstdauer", "durée maximale"],
  old: ["old", "cũ", "before", "lama", "sebelum", "ancien", "antes", "vorher"],
  new: ["new", "mới", "after", "baru", "sesudah", "neu", "nouveau", "nuevo", "novo", "nachher"],
  window: ["window", "khung giờ", "jendela", "zeitfenster", "fenêtre", "ventana", "planned"],
  // A notification route (`notify.routes`): which events, and where they go.
  events: ["events", "notify events", "sự kiện", "peristiwa", "ereignisse", "événements", "eventos"],
  send_to: ["send to", "gửi đến", "kirim ke", "senden an", "envoyer à", "enviar a"],
};

/** The kinds of table the importer understands. */
export type TableKind =
  | "gates" | "criteria" | "steps" | "tier_actions" | "rollback_triggers" | "decisions" | "signoffs"
  | "contacts" | "communication" | "timeline" | "metrics" | "alerts" | "facts" | "checks" | "items" | "severities" | "roles"
  | "updates" | "waivers" | "waves" | "risks" | "questions" | "inventory" | "notify";

/** A table kind: all of `all` must be present, at least one of `any` (when given); `uses` scores it. */
export interface TableSpec {
  kind: TableKind;
  all: Field[];
  any?: Field[];
  none?: Field[];
  uses: Field[];
}

/** In order of preference when two kinds score the same. */
export const TABLE_SPECS: readonly TableSpec[] = [
  { kind: "roles", all: ["role", "members"], uses: ["role", "title", "members", "assigns"] },
  { kind: "checks", all: ["kind", "config"], uses: ["id", "title", "kind", "config", "conditions", "settings"] },
  { kind: "waivers", all: ["waiver", "targets"], uses: ["id", "waiver", "targets", "approver", "max_duration"] },
  { kind: "notify", all: ["events", "send_to"], uses: ["id", "events", "severity", "send_to", "settings"] },
  { kind: "gates", all: ["gate"], any: ["id", "owner", "status"], uses: ["id", "gate", "owner", "status", "requires", "note"] },
  { kind: "criteria", all: ["criteria"], any: ["target", "measure"], uses: ["id", "criteria", "target", "measure", "check", "attest", "condition", "status"] },
  // "| Phase | Duration | Activities | Exit Criteria |": a row is a wave that opens after the one above it.
  { kind: "waves", all: ["phase", "criteria"], none: ["target", "measure"], uses: ["id", "phase", "criteria", "task", "owner", "note"] },
  { kind: "steps", all: ["step"], any: ["verify", "rollback", "owner", "window"], uses: ["id", "step", "owner", "verify", "rollback", "command", "window", "status", "note", "parent", "requires", "settings", "action"] },
  { kind: "decisions", all: ["issue", "severity"], any: ["rollback", "approver"], uses: ["issue", "severity", "rollback", "approver", "note"] },
  { kind: "tier_actions", all: ["action"], any: ["trigger", "verify", "risk"], none: ["audience"], uses: ["id", "title", "trigger", "action", "verify", "risk", "check", "note"] },
  { kind: "rollback_triggers", all: ["trigger", "condition"], none: ["action"], uses: ["id", "trigger", "condition", "severity", "check", "settings"] },
  { kind: "contacts", all: ["role"], any: ["phone", "backup", "channel"], none: ["audience", "date", "timing"], uses: ["role", "name", "phone", "backup", "channel"] },
  { kind: "signoffs", all: ["role"], any: ["date", "status", "approver", "name"], none: ["phone", "time", "issue"], uses: ["id", "role", "name", "date", "status", "note", "requires", "settings"] },
  { kind: "communication", all: ["audience"], any: ["channel", "timing"], uses: ["severity", "audience", "channel", "timing", "trigger", "note"] },
  // "| Team | Channel | When to communicate |": a team told on a channel at a time is told, not a contact.
  { kind: "communication", all: ["role", "timing"], any: ["channel"], none: ["phone", "backup"], uses: ["role", "channel", "timing", "trigger", "note"] },
  { kind: "timeline", all: ["time", "task"], uses: ["id", "time", "task", "owner", "status", "note", "requires"] },
  { kind: "metrics", all: ["metric"], any: ["target", "alert_threshold"], uses: ["id", "metric", "target", "alert_threshold", "check", "settings"] },
  { kind: "alerts", all: ["alert"], any: ["fix", "escalate", "check", "trigger"], uses: ["id", "alert", "trigger", "check", "fix", "escalate", "severity", "settings"] },
  { kind: "facts", all: ["property", "value"], uses: ["property", "value"] },
  { kind: "updates", all: ["old", "new"], uses: ["old", "new", "step", "gate", "criteria", "title", "id"] },
  { kind: "severities", all: ["severity"], any: ["criteria", "title"], none: ["issue", "audience"], uses: ["id", "severity", "criteria", "title", "rollback", "settings"] },
  // Registers (build-registers.ts): a risk's mitigation, an open question, a deployed component, each an item to tick.
  { kind: "risks", all: ["risk"], any: ["fix", "impact", "likelihood", "owner", "status", "severity"], none: ["action", "audience", "criteria"], uses: ["id", "risk", "title", "impact", "likelihood", "severity", "fix", "owner", "status", "due", "note"] },
  { kind: "questions", all: ["question"], uses: ["id", "question", "title", "answer", "owner", "due", "status", "note"] },
  { kind: "inventory", all: ["component"], any: ["version", "kind"], none: ["time", "step", "gate"], uses: ["id", "component", "title", "name", "kind", "version", "owner", "status", "note"] },
  { kind: "items", all: ["title"], any: ["owner", "due", "status", "command"], none: ["time", "gate", "step"], uses: ["id", "title", "owner", "due", "status", "note", "command"] },
  { kind: "items", all: ["task"], any: ["owner", "due", "status", "command"], none: ["time", "gate", "step"], uses: ["id", "task", "owner", "due", "status", "note", "command"] },
  // "| Check | Result |": a verification list, each row an item ticked when its result is in.
  { kind: "items", all: ["check"], any: ["status", "owner"], none: ["time", "gate", "step", "kind", "config", "alert", "metric", "criteria", "trigger", "fix"], uses: ["id", "check", "owner", "due", "status", "note"] },
];

/** A state read from a status cell or a checkbox. */
export type StatusState = "done" | "pending" | "failed" | "in_progress" | "not_applicable";

export const STATUS_WORDS: Record<StatusState, readonly string[]> = {
  done: ["done", "✅", "✔", "✔️", "☑", "☑️", "[x]", "x", "yes", "ok", "pass", "passed", "approved", "signed", "complete", "completed", "xong", "đã xong", "hoàn thành", "đạt", "đã duyệt", "đã ký", "selesai", "lulus", "disetujui", "sudah", "erledigt", "fait", "hecho", "fatto", "go", "aprovado", "aprobado", "genehmigt"],
  pending: ["pending", "chờ", "đang chờ", "chưa", "☐", "⬜", "[ ]", "todo", "to do", "open", "not started", "tbd", "menunggu", "belum", "offen", "en attente", "pendiente", "in attesa", "waiting"],
  in_progress: ["in progress", "wip", "đang làm", "đang thực hiện", "sedang", "proses", "🔄", "⏳", "ongoing", "running"],
  failed: ["failed", "fail", "❌", "✗", "✘", "blocked", "lỗi", "thất bại", "gagal", "no-go", "no go", "fehlgeschlagen", "échoué", "fallido"],
  not_applicable: ["n/a", "na", "không áp dụng", "tidak berlaku", "skip", "skipped", "—", "-"],
};

/** What a heading announces about the blocks under it. */
export type HeadingKind =
  | "tiers" | "gates" | "waves" | "steps" | "rollback" | "rollback_steps" | "signoffs" | "timeline" | "contacts"
  | "monitoring" | "severities" | "immediate_actions" | "recovery" | "communication" | "procedures"
  | "checks" | "meta" | "notes" | "principle" | "hypercare" | "links" | "template" | "questions" | "rollback_triggers";

/** Heading words per kind; the first kind whose phrase occurs in the heading wins, so specific phrases come first. */
export const HEADING_WORDS: readonly (readonly [HeadingKind, readonly string[]])[] = [
  ["links", ["next steps", "what's next", "see also", "further reading", "langkah selanjutnya", "bước tiếp theo", "xem thêm", "lihat juga", "siguientes pasos", "próximos passos", "次のステップ", "下一步"]],
  // Questions the team must answer before go: each bullet is an open item, never the section's text.
  ["questions", ["open questions", "open question", "questions before go-live", "unanswered questions", "pending decisions", "open decisions", "câu hỏi mở", "câu hỏi cần trả lời", "vấn đề cần quyết định", "pertanyaan terbuka", "pertanyaan yang belum terjawab", "keputusan tertunda", "offene fragen", "questions ouvertes", "preguntas abiertas"]],
  ["template", ["status update template", "update template", "mẫu cập nhật trạng thái", "mẫu thông báo", "templat pembaruan status", "templat pembaruan"]],
  // What calls for a rollback: each bullet under it is a rollback trigger.
  ["rollback_triggers", ["rollback criteria", "rollback triggers", "when to roll back", "when to rollback", "triggers de rollback", "critérios de rollback", "gatilhos de rollback", "criterios de rollback", "disparadores de rollback", "rollback-kriterien", "rollback-auslöser", "critères de rollback", "déclencheurs de rollback", "điều kiện rollback", "tiêu chí rollback", "kriteria rollback", "pemicu rollback"]],
  ["rollback_steps", ["rollback steps", "rollback procedure steps", "các bước rollback", "langkah rollback", "rollback-schritte"]],
  ["tiers", ["rollback tiers", "tiers"]],
  ["severities", ["severity triage", "severity levels", "severities", "mức độ sự cố", "phân loại mức độ", "tingkat keparahan", "triage"]],
  ["immediate_actions", ["immediate actions", "hành động ngay", "xử lý ngay", "tindakan segera", "sofortmaßnahmen", "first response"]],
  ["recovery", ["recovery", "khôi phục", "pemulihan", "wiederherstellung"]],
  ["communication", ["communication", "truyền thông", "thông báo", "komunikasi", "kommunikation"]],
  ["procedures", ["commands reference", "command reference", "common operations", "procedures", "thao tác thường gặp", "perintah", "appendix"]],
  ["checks", ["automated checks", "kiểm tra tự động", "pemeriksaan otomatis"]],
  ["notes", ["catatan", "ghi chú", "notes", "rollback deadline"]],
  ["principle", ["principle", "nguyên tắc", "prinsip"]],
  ["steps", ["deploy steps", "deployment steps", "các bước deploy", "các bước triển khai", "normal deployment", "deploy routine", "deployment procedure", "langkah deploy", "langkah", "steps"]],
  ["rollback", ["rollback", "roll back", "hoàn tác"]],
  ["signoffs", ["sign-off", "sign off", "signoff", "ký duyệt", "persetujuan", "freigabe", "approbation", "final approval", "approvals", "aprobación final", "aprobaciones", "aprovação final", "aprovações", "abnahme", "phê duyệt"]],
  ["gates", ["gates", "cổng", "gerbang"]],
  ["waves", ["waves", "pilot wave", "đợt", "gelombang"]],
  ["timeline", ["timeline", "lịch trình", "jadwal", "zeitplan", "cutover day"]],
  ["contacts", ["contacts", "liên hệ", "kontak", "kontakte"]],
  ["monitoring", ["monitoring", "giám sát", "theo dõi", "pemantauan", "metrics to watch", "überwachung"]],
  ["meta", ["overview", "tổng quan", "ringkasan", "übersicht"]],
  ["hypercare", ["hypercare", "hỗ trợ sau go-live", "hỗ trợ sau triển khai", "pendampingan pasca go-live", "pendampingan pasca-go-live"]],
  ["links", ["links", "liên kết", "tài liệu liên quan", "tautan", "dokumen terkait", "weiterführende links", "liens", "references", "referências", "referencias", "referenzen", "références", "tài liệu tham khảo", "referensi"]],
];

/** A whole line that is page chrome of a copied Git web page. */
export const CHROME_LINES: readonly RegExp[] = [
  /^(skip to content|appearance|files|raw|blame|history|raw blame history|markdown|preview|code|some checks (failed|passed))$/i,
  /^\d+(\.\d+)? (KiB|MiB|KB|MB|bytes|B)$/i,
  /^\d+ lines?( \(\d+ loc\))?$/i,
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? [+-]\d{2}:?\d{2}$/,
  /^[\w.-]+(\/[\w.-]+)+\.(md|markdown|txt)$/i,
  /^[\p{L}][\p{L} .'-]{1,60} [0-9a-f]{7,40}( .*)?$/u,
  /^this file contains (ambiguous )?unicode characters/i,
  /\((push|pull_request)\) (has been cancelled|failing|successful|failed)/i,
];

/** Language tags that open a code block whose fence was lost in copying. */
export const CODE_TAGS: ReadonlySet<string> = new Set(["yaml", "yml", "sql", "bash", "sh", "shell", "lua", "json", "go", "js", "ts", "python", "toml", "ini", "nginx", "dockerfile"]);

/** Lower case, NFC, markup and surrounding punctuation removed: how header and status words are compared. */
export function normalizeWord(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[*_`]/g, "")
    .replace(/\s+/g, " ")
    .replace(/^[\s:;.,()[\]]+|[\s:;.,?()]+$/g, "")
    .trim();
}

/** What a `Label: value` line under an item, a heading or a procedure says. */
export type LineLabel = "depends_on" | "evidence" | "notes" | "requires" | "when" | "owner" | "duration" | "green_for" | "windows" | "rollback_window" | "status"
  | "starts_after" | "exit_checks" | "exit_items" | "no_open" | "none_opened" | "exit_signoffs" | "early_exit" | "links";

/** Label words per line kind, compared after `normalizeWord`. */
export const LINE_WORDS: Record<LineLabel, readonly string[]> = {
  depends_on: ["depends on", "depends_on", "phụ thuộc", "phụ thuộc vào", "bergantung pada", "tergantung pada", "hängt ab von", "dépend de", "depende de"],
  evidence: ["evidence", "bằng chứng", "minh chứng", "bukti", "nachweis", "preuve", "evidencia"],
  notes: ["notes", "note", "ghi chú", "catatan", "keterangan", "hinweis", "remarque", "nota"],
  requires: ["requires", "prerequisites", "yêu cầu", "điều kiện tiên quyết", "memerlukan", "prasyarat", "voraussetzungen", "requiert", "requiere"],
  when: ["when", "khi nào", "khi", "kapan", "ketika", "wann", "quand", "cuándo"],
  owner: ["owner", "owners", "assignee", "responsible", "who", "dueño", "responsável", "担当", "担当者", "负责人", "phụ trách", "người phụ trách", "penanggung jawab", "pemilik", "verantwortlich", "responsable"],
  duration: ["duration", "thời gian", "thời lượng", "durasi", "dauer", "durée", "duración"],
  green_for: ["green for", "xanh liên tục", "hijau selama", "grün für", "vert pendant", "verde durante"],
  windows: ["windows", "monitoring windows", "cửa sổ giám sát", "jendela pemantauan", "überwachungsfenster", "fenêtres"],
  status: ["status", "state", "trạng thái", "tình trạng", "keadaan", "estado", "statut", "stato", "状态", "状態", "ステータス"],
  starts_after: ["starts after", "bắt đầu sau", "dimulai setelah"],
  exit_checks: ["checks", "green checks", "kiểm tra", "pemeriksaan"],
  exit_items: ["items", "checklist", "mục", "butir"],
  no_open: ["no open incidents", "không có sự cố đang mở", "tidak ada insiden terbuka"],
  none_opened: ["no incidents", "không có sự cố", "tidak ada insiden"],
  exit_signoffs: ["sign-offs", "sign-offs to close", "signoffs", "ký duyệt", "persetujuan"],
  early_exit: ["early exit", "kết thúc sớm", "keluar lebih awal"],
  links: ["links", "link", "references", "liên kết", "tài liệu tham khảo", "tautan", "referensi", "referências", "referencias", "références", "referenzen"],
  rollback_window: ["rollback window", "cửa sổ rollback", "jendela rollback", "rollback-fenster", "fenêtre de retour arrière"],
};

/** Words for an item's evidence setting. */
export const EVIDENCE_WORDS: Record<"none" | "optional" | "required", readonly string[]> = {
  required: ["required", "bắt buộc", "cần", "wajib", "erforderlich", "obligatoire", "obligatorio"],
  optional: ["optional", "tùy chọn", "không bắt buộc", "opsional", "optional", "facultatif", "opcional"],
  none: ["none", "không cần", "không", "tidak perlu", "tidak ada", "keine", "aucune", "ninguna"],
};

/** A list that says "nothing": a step that depends on no other step. */
export const NONE_WORDS: readonly string[] = ["none", "—", "không có", "không", "tidak ada", "keine", "aucun", "ninguno"];

/** `Label: value` with a known label, else undefined. */
export function labelLine<L extends LineLabel>(text: string, only: readonly L[]): { label: L; value: string } | undefined {
  const m = /^([^:]{1,40}):\s*(.*)$/s.exec(text.trim());
  if (!m) return undefined;
  const key = normalizeWord(m[1] ?? "");
  const label = only.find((l) => LINE_WORDS[l].includes(key));
  return label && { label, value: (m[2] ?? "").trim() };
}
