// kube-controller-manager: on Talos https :10257 of each control-plane node (bind-address patch);
// on K3s its series come with the kubelet endpoint of each server.
import { KUBE_CONTROLLER_MANAGER } from "../catalog/index.js";
import { controlPlaneComponent } from "../scrape/control-plane.js";

export default controlPlaneComponent({ component: "controllerManager", description: "kube-controller-manager metrics", names: KUBE_CONTROLLER_MANAGER, seriesPerTarget: 1200 });
