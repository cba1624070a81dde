// Image references and where config `images` puts them: a mirror or proxy cache per upstream
// registry, or another image for one part. Pure: the pipeline applies it to the charts' values
// (model/chart-images.ts) and to vigil's own objects.
import type { VigilConfig } from "../config/schema/index.js";

export interface ImageRef {
  /** The registry host (docker.io when the reference names none), or a mirror's host/path. */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const isRegistryHost = (part: string) => part.includes(".") || part.includes(":") || part === "localhost";

/** A reference as a container runtime reads it: no registry is docker.io, a one-part name is library/. */
export function parseImage(ref: string): ImageRef {
  const [name, digest] = ref.split("@") as [string, string | undefined];
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  const path = colon > slash ? name.slice(0, colon) : name;
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const first = path.split("/")[0]!;
  const hasRegistry = path.includes("/") && isRegistryHost(first);
  const registry = hasRegistry ? first : "docker.io";
  let repository = hasRegistry ? path.slice(first.length + 1) : path;
  if (registry === "docker.io" && !repository.includes("/")) repository = `library/${repository}`;
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export const formatImage = (r: ImageRef) => `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ""}${r.digest ? `@${r.digest}` : ""}`;

export type ImagesConfig = VigilConfig["images"];

/** The mirror of an upstream registry (images.registries, else images.registry), if any. */
export const mirrorOf = (images: ImagesConfig, registry: string): string | undefined => images.registries[registry] ?? images.registry;

/**
 * Where an image is pulled from: images.overrides[id] (its repository with its registry, and its
 * tag), else the upstream image through its registry's mirror. `id` is the name `vigil plan` shows.
 */
export function placeImage(id: string, upstream: ImageRef, images: ImagesConfig): ImageRef {
  const override = images.overrides[id];
  if (override?.repository) {
    const r = parseImage(override.repository);
    return { registry: r.registry, repository: r.repository, ...(override.tag ?? upstream.tag ? { tag: override.tag ?? upstream.tag } : {}) };
  }
  const mirror = mirrorOf(images, upstream.registry);
  return { ...upstream, ...(mirror ? { registry: mirror } : {}), ...(override?.tag ? { tag: override.tag, digest: undefined } : {}) };
}

/** Whether the config moves any image at all. */
export const imagesMoved = (images: ImagesConfig) => Boolean(images.registry) || Object.keys(images.registries).length > 0 || Object.keys(images.overrides).length > 0;

/** The name of one of vigil's own images (and of a chart's image with the same program): its repository's last part. */
export const ownImageId = (ref: string) => parseImage(ref).repository.split("/").at(-1)!;
