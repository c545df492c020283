// Every task module a pool worker can run, by name: the one list of worker code. The worker entry
// (worker-main.ts, built as out/main/worker.js) loads a module on its first task; the build emits each as
// a chunk beside the entry. A task module exports `api` (its task functions) and `type XApi = typeof api`,
// so callers name tasks through types (see TaskClient in pool.ts), never through file paths.
export const TASK_MODULES = {
  scan: () => import("./tasks/scan.ts"),
  load: () => import("./tasks/load.ts"),
  analysis: () => import("./tasks/analysis.ts"),
  walk: () => import("../services/flow/filedb/walk-task.ts"),
  generate: () => import("../services/generator/cycles-task.ts"),
  fileBrowser: () => import("../services/app/file-browser/task.ts"),
} as const;

export type TaskModuleName = keyof typeof TASK_MODULES;

export function isTaskModuleName(name: string): name is TaskModuleName {
  return Object.hasOwn(TASK_MODULES, name);
}
