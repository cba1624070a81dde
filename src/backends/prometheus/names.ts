// Names kube-prometheus-stack gives its parts with fullnameOverride KPS_NAME (templates/_helpers.tpl;
// the operator names the StatefulSets prometheus-<CR> and alertmanager-<CR>).
export const KPS_NAME = "kps";
export const PROMETHEUS_CR = `${KPS_NAME}-prometheus`;
export const ALERTMANAGER_CR = `${KPS_NAME}-alertmanager`;
