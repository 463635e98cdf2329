import pc from "picocolors";

/** Colours only on a terminal and never when NO_COLOR is set (https://no-color.org). */
const enabled = !("NO_COLOR" in process.env) && process.stdout.isTTY === true && process.env.TERM !== "dumb";
const colors = pc.createColors(enabled);

export const paint = {
  enabled,
  green: colors.green,
  red: colors.red,
  yellow: colors.yellow,
  dim: colors.dim,
  bold: colors.bold,
  cyan: colors.cyan,
};
