// The fleet end to end with the hub on prometheus (test/fleet-e2e.ts).
import { fleetEndToEnd } from "./fleet-e2e.js";

fleetEndToEnd("prometheus");
