// Object paths inside an LH5 file: no leading '/', '' is the root.

/** Strips leading/trailing and doubled slashes: '/a//b/' → 'a/b'; '/' → ''. */
export function normalizePath(path: string): string {
  return path
    .split("/")
    .filter((part) => part !== "")
    .join("/");
}

/** Joins a group path and a child name. */
export function joinPath(group: string, name: string): string {
  return group === "" ? name : `${group}/${name}`;
}
