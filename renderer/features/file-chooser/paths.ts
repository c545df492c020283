// Path text in the renderer (no Node here): the service's paths use the platform's separator, so joins
// and splits follow whichever separator a path already has.

const separatorOf = (path: string) => (path.includes("\\") && !path.includes("/") ? "\\" : "/");

/** `folder` + `name`, with one separator between them. */
export function joinPath(folder: string, name: string): string {
  const sep = separatorOf(folder);
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

/** The last part of a path ("" for a path ending in a separator). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? "";
}
