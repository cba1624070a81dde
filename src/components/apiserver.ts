// kube-apiserver: on Talos through the `kubernetes` Service; on K3s its series come with the
// kubelet endpoint of each server.
import { KUBE_APISERVER } from "../catalog/index.js";
import { controlPlaneComponent } from "../scrape/control-plane.js";

export default controlPlaneComponent({ component: "apiserver", description: "kube-apiserver metrics", names: KUBE_APISERVER, seriesPerTarget: 5500 });
