// Where replicas of the stack's clustered parts may run: shared by the VictoriaMetrics and the
// VictoriaLogs clusters, and by the backups that must run beside a storage pod.

export const HOSTNAME = "kubernetes.io/hostname";

/** Spread over the nodes where possible: a node's loss takes one replica, not all. */
export const spreadOverNodes = (pods: Record<string, string>) => ({
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { ...pods } } }],
});

/** Never two of these pods on one node (a storage node each): required, so the scheduler waits rather than stack them. */
export const oneNodeEach = (pods: Record<string, string>) => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { ...pods } }, topologyKey: HOSTNAME }] },
});

/** On the node of these pods (a Job that must mount a storage pod's local volume). */
export const besidePods = (pods: Record<string, string>) => ({
  podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { ...pods } }, topologyKey: HOSTNAME }] },
});
