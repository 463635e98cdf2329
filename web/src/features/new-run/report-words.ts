import type { Lang } from "../../i18n/lang.ts";

// The importer reports a block it could not place in English (`golive import --report` prints
// the same words). The dashboard says the known ones in Vietnamese and Indonesian; a block or a
// reason it does not know yet is shown as written.

type Words = Readonly<Record<string, string>>;

const BLOCKS: Record<Exclude<Lang, "en">, Words> = {
  vi: { paragraph: "đoạn văn", table: "bảng", "table row": "dòng bảng", "list item": "mục danh sách", code: "khối mã", text: "văn bản", list: "danh sách" },
  id: { paragraph: "paragraf", table: "tabel", "table row": "baris tabel", "list item": "butir daftar", code: "blok kode", text: "teks", list: "daftar" },
};

const REASONS: Record<Exclude<Lang, "en">, Words> = {
  vi: {
    "text outside a recognised part": "văn bản nằm ngoài các phần đã nhận ra",
    "header words name no known table kind": "tiêu đề cột không khớp loại bảng nào đã biết",
    "a table whose cells lost their separators, of no placeable kind": "bảng mất dấu phân cách ô, không xếp được vào đâu",
    "change names no deploy step": "thay đổi không nêu bước triển khai nào",
    "no action": "không có hành động",
    "contact without a role": "liên hệ không có vai trò",
    "decision without a severity or a yes/no rollback": "quyết định không có mức độ nghiêm trọng hay có/không rollback",
    "sign-off without a role": "phê duyệt không có vai trò",
    "communication row for an unknown tier or severity": "dòng truyền thông cho cấp hoặc mức độ không rõ",
    "task without a clock time": "công việc không có giờ",
    "check config is not a JSON object": "cấu hình kiểm tra không phải đối tượng JSON",
    "not a severity (P0: ...)": "không phải mức độ nghiêm trọng (P0: ...)",
    "communication for no known severity": "truyền thông cho mức độ không rõ",
    "code block outside rollback steps or a command reference": "khối mã nằm ngoài các bước rollback hay tham chiếu lệnh",
    "waiver without targets, grantors or a maximum duration": "miễn trừ không có đối tượng, người cấp hay thời hạn tối đa",
    "a link without an address (`address` or https://...)": "liên kết không có địa chỉ (`address` hoặc https://...)",
    "a risk row without its risk": "dòng rủi ro không ghi rủi ro",
    "a question row without its question": "dòng câu hỏi không ghi câu hỏi",
    "a component row without its component": "dòng thành phần không ghi thành phần",
    "questions and answers under an FAQ heading: reference, not items to close": "hỏi đáp dưới tiêu đề FAQ: tài liệu tham khảo, không phải mục cần xử lý",
    "a table of contents (links to the document's own headings)": "mục lục (liên kết tới các tiêu đề của chính tài liệu)",
    "a rollback trigger row without its condition": "dòng điều kiện rollback không ghi điều kiện",
  },
  id: {
    "text outside a recognised part": "teks di luar bagian yang dikenali",
    "header words name no known table kind": "kata judul kolom tidak cocok dengan jenis tabel yang dikenal",
    "a table whose cells lost their separators, of no placeable kind": "tabel yang sel-selnya kehilangan pemisah, tidak bisa ditempatkan",
    "change names no deploy step": "perubahan tidak menyebut langkah deploy",
    "no action": "tanpa tindakan",
    "contact without a role": "kontak tanpa peran",
    "decision without a severity or a yes/no rollback": "keputusan tanpa tingkat keparahan atau ya/tidak rollback",
    "sign-off without a role": "persetujuan tanpa peran",
    "communication row for an unknown tier or severity": "baris komunikasi untuk tingkat atau keparahan yang tidak dikenal",
    "task without a clock time": "tugas tanpa jam",
    "check config is not a JSON object": "konfigurasi pemeriksaan bukan objek JSON",
    "not a severity (P0: ...)": "bukan tingkat keparahan (P0: ...)",
    "communication for no known severity": "komunikasi untuk keparahan yang tidak dikenal",
    "code block outside rollback steps or a command reference": "blok kode di luar langkah rollback atau rujukan perintah",
    "waiver without targets, grantors or a maximum duration": "pengecualian tanpa sasaran, pemberi, atau durasi maksimum",
    "a link without an address (`address` or https://...)": "tautan tanpa alamat (`address` atau https://...)",
    "a risk row without its risk": "baris risiko tanpa risikonya",
    "a question row without its question": "baris pertanyaan tanpa pertanyaannya",
    "a component row without its component": "baris komponen tanpa komponennya",
    "questions and answers under an FAQ heading: reference, not items to close": "tanya jawab di bawah judul FAQ: rujukan, bukan butir yang harus diselesaikan",
    "a table of contents (links to the document's own headings)": "daftar isi (tautan ke judul dokumen ini sendiri)",
    "a rollback trigger row without its condition": "baris pemicu rollback tanpa kondisinya",
  },
};

const OUTSIDE: Record<Exclude<Lang, "en">, (kind: string) => string> = {
  vi: (kind) => `bảng ${kind} nằm ngoài chỗ dành cho nó`,
  id: (kind) => `tabel ${kind} di luar tempatnya`,
};

/** A block the import did not place, in the reader's language where its words are known. */
export function sayUnplaced(lang: Lang, u: { block: string; reason: string }): { block: string; reason: string } {
  if (lang === "en") return u;
  const outside = /^(\S+) table outside a place for it$/.exec(u.reason);
  return {
    block: BLOCKS[lang][u.block] ?? u.block,
    reason: REASONS[lang][u.reason] ?? (outside ? OUTSIDE[lang](outside[1] ?? "") : u.reason),
  };
}
