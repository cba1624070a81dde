// kube-scheduler: on Talos https :10259 of each control-plane node (bind-address patch); on K3s
// its series come with the kubelet endpoint of each server.
import { KUBE_SCHEDULER } from "../catalog/index.js";
import { controlPlaneComponent } from "../scrape/control-plane.js";

export default controlPlaneComponent({ component: "scheduler", description: "kube-scheduler metrics", names: KUBE_SCHEDULER, seriesPerTarget: 900 });
