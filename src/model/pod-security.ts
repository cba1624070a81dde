// The restricted Pod Security settings vigil gives every pod, shared by its own objects and the
// charts' values: seccomp RuntimeDefault on the pod, no privilege escalation and no capabilities in
// each container. Users and groups are per image (the charts' defaults, or 65534 for vigil's own).
export const RESTRICTED_POD = { seccompProfile: { type: "RuntimeDefault" } } as const;
export const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } as const;
/** As user nobody, for images that run as root by default. */
export const NOBODY = { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 } as const;
