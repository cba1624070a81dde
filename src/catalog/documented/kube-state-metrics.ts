// kube-state-metrics v2.x: the real scrape in the reference data has only the series its cluster's
// objects produced; these families exist whenever an object is in that state (docs/metrics/ in
// kubernetes/kube-state-metrics, e.g. workload/pod-metrics.md).
import { KUBE_STATE_METRICS as SCRAPED } from "../scraped/kube-state-metrics.js";

const DOCUMENTED = [
  "kube_pod_container_status_waiting_reason",
  "kube_pod_container_status_terminated_reason",
  "kube_pod_container_status_last_terminated_reason",
  "kube_pod_container_status_last_terminated_exitcode",
  "kube_pod_status_reason",
  "kube_pod_init_container_status_waiting_reason",
  "kube_job_status_failed",
  "kube_job_failed",
];

export const KUBE_STATE_METRICS: readonly string[] = [...new Set([...SCRAPED, ...DOCUMENTED])].sort();
