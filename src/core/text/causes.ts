import type { WordsLang } from "./words.ts";

// A check's error cause (what the provider could not do: connection refused, timeout after 5s,
// an unset environment variable) arrives as an English sentence in the result. These are the
// known shapes, said in the dashboard's and the report's other languages; anything else (a
// server's own message, a condition's expression) stays as written.

type Say = (m: RegExpExecArray) => string;
const g = (m: RegExpExecArray, i: number) => m[i] ?? "";

const PATTERNS: readonly { re: RegExp; vi: Say; id: Say }[] = [
  {
    // MissingSecretError's sentence, in the two parts its "; " splits it into.
    re: /^environment variable (.+) is not exposed to checks or not set \(referenced as (\$\{env:[^}]*\})$/,
    vi: (m) => `biến môi trường ${g(m, 1)} chưa được mở cho kiểm tra hoặc chưa đặt (được dùng dưới dạng ${g(m, 2)}`,
    id: (m) => `variabel lingkungan ${g(m, 1)} tidak dibuka untuk pemeriksaan atau belum diatur (dirujuk sebagai ${g(m, 2)}`,
  },
  {
    re: /^checks see only the variables named in (.+)\)$/,
    vi: (m) => `kiểm tra chỉ thấy các biến có tên trong ${g(m, 1)})`,
    id: (m) => `pemeriksaan hanya melihat variabel yang disebut di ${g(m, 1)})`,
  },
  { re: /^timeout after (\S+)$/, vi: (m) => `hết thời gian chờ sau ${g(m, 1)}`, id: (m) => `waktu habis setelah ${g(m, 1)}` },
  { re: /^connection refused(.*)$/, vi: (m) => `kết nối bị từ chối${g(m, 1)}`, id: (m) => `koneksi ditolak${g(m, 1)}` },
  { re: /^connection reset by the server(.*)$/, vi: (m) => `máy chủ ngắt kết nối đột ngột${g(m, 1)}`, id: (m) => `koneksi direset oleh server${g(m, 1)}` },
  { re: /^connection closed by the server(.*)$/, vi: (m) => `máy chủ đóng kết nối${g(m, 1)}`, id: (m) => `koneksi ditutup oleh server${g(m, 1)}` },
  { re: /^connection timed out(.*)$/, vi: (m) => `kết nối quá thời gian chờ${g(m, 1)}`, id: (m) => `koneksi habis waktu${g(m, 1)}` },
  { re: /^connect timeout(.*)$/, vi: (m) => `hết thời gian chờ kết nối${g(m, 1)}`, id: (m) => `waktu koneksi habis${g(m, 1)}` },
  { re: /^host unreachable(.*)$/, vi: (m) => `không tới được máy chủ${g(m, 1)}`, id: (m) => `host tidak terjangkau${g(m, 1)}` },
  { re: /^network unreachable(.*)$/, vi: (m) => `không tới được mạng${g(m, 1)}`, id: (m) => `jaringan tidak terjangkau${g(m, 1)}` },
  { re: /^no response headers in time(.*)$/, vi: (m) => `không nhận được header phản hồi kịp lúc${g(m, 1)}`, id: (m) => `header respons tidak datang tepat waktu${g(m, 1)}` },
  { re: /^response body stalled(.*)$/, vi: (m) => `nội dung phản hồi bị treo${g(m, 1)}`, id: (m) => `isi respons macet${g(m, 1)}` },
  { re: /^not an HTTP response(.*)$/, vi: (m) => `không phải phản hồi HTTP${g(m, 1)}`, id: (m) => `bukan respons HTTP${g(m, 1)}` },
  { re: /^DNS lookup failed \(temporary failure\)(.*)$/, vi: (m) => `tra cứu DNS thất bại (lỗi tạm thời)${g(m, 1)}`, id: (m) => `pencarian DNS gagal (gangguan sementara)${g(m, 1)}` },
  { re: /^DNS: host not found(.*)$/, vi: (m) => `DNS: không tìm thấy máy chủ${g(m, 1)}`, id: (m) => `DNS: host tidak ditemukan${g(m, 1)}` },
  { re: /^TLS: certificate expired(.*)$/, vi: (m) => `TLS: chứng chỉ đã hết hạn${g(m, 1)}`, id: (m) => `TLS: sertifikat kedaluwarsa${g(m, 1)}` },
  { re: /^TLS: certificate not yet valid(.*)$/, vi: (m) => `TLS: chứng chỉ chưa có hiệu lực${g(m, 1)}`, id: (m) => `TLS: sertifikat belum berlaku${g(m, 1)}` },
  { re: /^TLS: self-signed certificate in the chain(.*)$/, vi: (m) => `TLS: chuỗi có chứng chỉ tự ký${g(m, 1)}`, id: (m) => `TLS: ada sertifikat swa-tanda di rantai${g(m, 1)}` },
  { re: /^TLS: self-signed certificate(.*)$/, vi: (m) => `TLS: chứng chỉ tự ký${g(m, 1)}`, id: (m) => `TLS: sertifikat swa-tanda${g(m, 1)}` },
  { re: /^TLS: certificate does not match the host name(.*)$/, vi: (m) => `TLS: chứng chỉ không khớp tên máy chủ${g(m, 1)}`, id: (m) => `TLS: sertifikat tidak cocok dengan nama host${g(m, 1)}` },
  { re: /^TLS: certificate revoked(.*)$/, vi: (m) => `TLS: chứng chỉ đã bị thu hồi${g(m, 1)}`, id: (m) => `TLS: sertifikat dicabut${g(m, 1)}` },
  { re: /^TLS: certificate chain not trusted(.*)$/, vi: (m) => `TLS: chuỗi chứng chỉ không được tin cậy${g(m, 1)}`, id: (m) => `TLS: rantai sertifikat tidak dipercaya${g(m, 1)}` },
  { re: /^TLS: the server did not answer with TLS(.*)$/, vi: (m) => `TLS: máy chủ không trả lời bằng TLS${g(m, 1)}`, id: (m) => `TLS: server tidak menjawab dengan TLS${g(m, 1)}` },
];

/** A check's cause in a language: each `; `-separated part of a known shape translated, the rest as written. */
export function sayCause(lang: WordsLang, cause: string): string {
  if (lang === "en") return cause;
  return cause
    .split("; ")
    .map((part) => {
      for (const p of PATTERNS) {
        const m = p.re.exec(part);
        if (m) return p[lang](m);
      }
      return part;
    })
    .join("; ");
}
