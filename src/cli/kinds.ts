// The CLI composes the check kinds into the loader (format never imports checks).
export { checkKinds } from "../checks/kinds.ts";
