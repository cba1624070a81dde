// Facts of the alloy chart both of its releases share (the log agent, the trace collector).

/** Alloy's HTTP server (the chart's alloy.listenPort): its UI and /metrics, the container port "http-metrics". */
export const ALLOY_HTTP_PORT = 12345;
