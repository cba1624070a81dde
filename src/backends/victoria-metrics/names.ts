// The fullnames vigil pins for victoria-metrics-k8s-stack (fullnameOverride) and its operator
// subchart: the operator names its objects <kind>-<VM_NAME>, so every Service name is known here.
export const VM_NAME = "vm";
export const VM_OPERATOR = "vm-operator";

/**
 * The VMCluster's parts (metrics.mode cluster), as operator v0.74 makes them: objects named
 * vm<part>-<name> (api/operator/v1beta1/vmextra_types.go ClusterPrefixedName), their HTTP ports
 * (internal/config/config.go defaults) and vmstorage's ports for vminsert and vmselect.
 */
export const VM_CLUSTER_PARTS = {
  vmstorage: { port: 8482, vminsertPort: 8400, vmselectPort: 8401 },
  vminsert: { port: 8480 },
  vmselect: { port: 8481 },
} as const;
export type VmClusterPart = keyof typeof VM_CLUSTER_PARTS;

/** The tenant every part of vigil reads and writes: the cluster's URLs carry it (/insert/0/…, /select/0/…). */
export const VM_TENANT = 0;
/** Where the VMCluster's vmstorage keeps its data (vmcluster.spec.vmstorage.storageDataPath), and the backup Jobs mount it. */
export const VMSTORAGE_DATA_PATH = "/vm-data";
/** The volume claim template of vmstorage (operator v0.74 VMStorage.GetStorageVolumeName): its PVCs are vmstorage-db-vmstorage-<name>-<i>. */
export const VMSTORAGE_VOLUME = "vmstorage-db";
