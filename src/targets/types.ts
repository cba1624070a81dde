import type { Stack } from "../model/stack.js";
import type { KubeObject, Parts } from "../model/parts.js";
import type { FileTree } from "../emit/tree.js";

/** A Kubernetes object and the file it is written to, for the checks. */
export interface EmittedObject {
  file: string;
  object: KubeObject;
}

/** A Helm release as laid out in the tree, for the chart-values checks. */
export interface EmittedRelease {
  file: string;
  /** The Helm release name the GitOps tool uses: the app folder, with Argo CD and Flux alike. */
  release: string;
  namespace: string;
  chart: string;
  version: string;
  repository: string;
  values: Record<string, unknown>;
}

export interface TargetOutput {
  files: FileTree;
  objects: EmittedObject[];
  releases: EmittedRelease[];
  /** What the user does once, after committing the tree. */
  bootstrap: string[];
  /** The file applied by hand once (the ApplicationSet, or Flux's Kustomizations). */
  bootstrapFile?: string;
  /** Layout problems (two objects for one file): errors, reported with the checks'. */
  problems: string[];
}

export interface GitOpsTarget {
  name: string;
  /**
   * Annotations for custom resources an operator in the same app serves, so that the CRDs and the
   * operator are applied and healthy first (Argo CD: a later sync wave; Flux needs none).
   */
  crAnnotations: Record<string, string>;
  /** `treeInRepo`: where the tree's root lies in the git repository ("" at its root), for the paths the GitOps tool reads. */
  layout(stack: Stack, parts: Parts, source: string, treeInRepo: string): TargetOutput;
}
