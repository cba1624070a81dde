import type { Platform } from "./types.js";
import { k3s } from "./k3s.js";
import { talos } from "./talos.js";

export const PLATFORMS: Record<"k3s" | "talos", Platform> = { k3s, talos };
export type { Platform, ControlPlaneComponent, ControlPlaneAccess } from "./types.js";
