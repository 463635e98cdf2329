import { describe, expect, it } from "vitest";
import { sayCause } from "../core/text/causes.ts";
import { describeNetError } from "./net-errors.ts";
import { MissingSecretError } from "./secrets.ts";

// The dashboard says a check's cause in Vietnamese and Indonesian by its known English shapes
// (src/core/text/causes.ts): these tests hold the shapes to what the providers really write.

const netError = (code: string) => Object.assign(new Error("x"), { code });

describe("a check's cause in the reader's language", () => {
  it("translates what the providers write, keeping the target", () => {
    const refused = describeNetError(netError("ECONNREFUSED"), "127.0.0.1:9");
    expect(sayCause("vi", refused)).toBe("kết nối bị từ chối (127.0.0.1:9)");
    expect(sayCause("id", refused)).toBe("koneksi ditolak (127.0.0.1:9)");
    for (const code of ["ECONNRESET", "EHOSTUNREACH", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT", "ERR_TLS_CERT_ALTNAME_INVALID", "UNABLE_TO_GET_ISSUER_CERT"]) {
      const cause = describeNetError(netError(code), "shop.example:443");
      expect(sayCause("vi", cause), cause).not.toBe(cause);
      expect(sayCause("id", cause), cause).not.toBe(cause);
      expect(sayCause("vi", cause)).toContain("shop.example:443");
    }
  });

  it("says an unset environment variable, naming it", () => {
    const cause = new MissingSecretError(["SHOP_URL"]).message;
    expect(sayCause("vi", cause)).toBe("biến môi trường 'SHOP_URL' chưa được mở cho kiểm tra hoặc chưa đặt (được dùng dưới dạng ${env:SHOP_URL}; kiểm tra chỉ thấy các biến có tên trong --check-env (or GOLIVE_CHECK_ENV))");
    expect(sayCause("id", cause)).toMatch(/^variabel lingkungan 'SHOP_URL' tidak dibuka untuk pemeriksaan atau belum diatur \(dirujuk sebagai \$\{env:SHOP_URL\};/);
  });

  it("leaves English, expressions and unknown messages as written", () => {
    expect(sayCause("en", "timeout after 5s")).toBe("timeout after 5s");
    expect(sayCause("vi", "timeout after 5s; status (500) == 200")).toBe("hết thời gian chờ sau 5s; status (500) == 200");
    expect(sayCause("id", "ERROR: relation \"t\" does not exist")).toBe("ERROR: relation \"t\" does not exist");
  });
});
