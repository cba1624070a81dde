// The virtual file tree: paths relative to the output root, mapped to file contents.
// Everything up to the write step works on this, in memory.
export type FileTree = Map<string, string>;

export function sortedTree(tree: FileTree): FileTree {
  return new Map([...tree.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
