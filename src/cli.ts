/** astlint's entry point from the sources: everything happens in cli/main.ts (see cli/process.ts). */
import { runProcess } from "./cli/process.js";

await runProcess();
