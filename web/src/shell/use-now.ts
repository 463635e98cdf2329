import { useEffect, useState } from "react";

/** The server's clock, ticking every second: the client clock corrected by the last status. */
export function useServerNow(serverNowIso: string, receivedAt: number): number {
  const offset = Date.parse(serverNowIso) - receivedAt;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, []);
  return now + offset;
}
