import { z } from "zod";
export const TestSendBody = z.strictObject({ channel: z.string().min(1).max(300) });
