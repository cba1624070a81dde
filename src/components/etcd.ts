// etcd: http :2381 of each control-plane node (K3s embedded etcd with etcd-expose-metrics, Talos
// with listen-metrics-urls). Single-server K3s on SQLite has no etcd, and none is scraped.
import { ETCD } from "../catalog/index.js";
import { controlPlaneComponent } from "../scrape/control-plane.js";

export default controlPlaneComponent({ component: "etcd", description: "etcd metrics", names: ETCD, seriesPerTarget: 1200 });
