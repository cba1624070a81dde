// The fleet end to end with the hub on victoria-metrics (test/fleet-e2e.ts).
import { fleetEndToEnd } from "./fleet-e2e.js";

fleetEndToEnd("victoria-metrics");
