// The same kind of config in TypeScript: typed, with completion in your editor.
import { defineConfig } from "vigil-homelab";

export default defineConfig({
  cluster: { name: "homelab", distribution: "k3s" },
  gitops: { repoURL: "https://github.com/me/homelab.git", revision: "main" },
  retention: { metrics: "30d", logs: "14d" },
  storage: { metrics: { size: "30Gi" } },
  alerting: {
    receivers: {
      telegram: { botToken: { secret: { name: "alertmanager-receivers", key: "telegram-token" } }, chatId: -1001234567890 },
    },
    heartbeat: { url: { secret: { name: "alertmanager-receivers", key: "heartbeat-url" } } },
  },
});
