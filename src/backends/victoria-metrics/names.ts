// The fullnames vigil pins for victoria-metrics-k8s-stack (fullnameOverride) and its operator
// subchart: the operator names its objects <kind>-<VM_NAME>, so every Service name is known here.
export const VM_NAME = "vm";
export const VM_OPERATOR = "vm-operator";
