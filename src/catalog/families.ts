// Which metric families belong to which Kubernetes component, as RE2 regexes over metric names
// (vmagent anchors them). On K3s, where one process and one registry serve every component,
// the kubelet endpoint's series are routed to the job of the component whose family they are.
// Derived from the components' real scrapes (see test/catalog.test.ts, which checks every name).

export const FAMILIES = {
  /** Go runtime, process, client-go, workqueues, leader election, build info: every component has them. */
  generic:
    "go_.+|process_.+|rest_client_.+|workqueue_.+|leader_election_.+|kubernetes_build_info|kubernetes_feature_enabled|version_info|registered_metrics_total|disabled_metrics_total|hidden_metrics_total|cardinality_enforcement_.+|aggregator_discovery_aggregation_count_total|promhttp_.+",
  apiserver:
    "apiserver_.+|apiextensions_.+|aggregator_unavailable_apiservice.*|authenticated_user_requests|authentication_.+|authorization_.+|etcd_bookmark_counts|etcd_lease_object_counts(_bucket|_sum|_count)?|etcd_request_duration_seconds_.+|etcd_requests_total|etcd_db_total_size_in_bytes|field_validation_.+|grpc_client_.+|kube_apiserver_.+|node_authorizer_.+|pod_security_.+|serviceaccount_.+|watch_cache_.+",
  controllerManager:
    "(attachdetach|certificate|cronjob|daemonset|deployment|disruption|endpoint|endpoint_slice|endpoint_slice_mirroring|ephemeral_volume|garbagecollector|horizontal_pod_autoscaler|job|namespace|node_ipam|node_lifecycle|persistentvolume|pvc_protection|replicaset|replication|resourceclaim|service|statefulset|taint_eviction|ttl_after_finished|volume_expand)_controller_.+|node_collector_.+|pv_collector_.+|retroactive_storageclass_.+|root_ca_cert_publisher_.+|running_managed_controllers",
  scheduler: "scheduler_.+",
  kubeProxy: "kubeproxy_.+",
  /** The etcd server's own families (the apiserver's etcd client metrics are apiserver's). */
  etcd: "etcd_(server|disk|mvcc|network|snap|debugging|cluster|grpc_proxy)_.+|grpc_server_.+|os_fd_.+",
} as const;
