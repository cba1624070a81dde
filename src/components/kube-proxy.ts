// kube-proxy: on Talos http :10249 of every node (metrics-bind-address patch); on K3s its series
// come with the kubelet endpoint. Not scraped when the CNI replaces it (cluster.kubeProxy: false).
import { KUBE_PROXY } from "../catalog/index.js";
import { controlPlaneComponent } from "../scrape/control-plane.js";

export default controlPlaneComponent({ component: "kubeProxy", description: "kube-proxy metrics", names: KUBE_PROXY, seriesPerTarget: 400 });
