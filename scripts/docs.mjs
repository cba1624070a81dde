// Regenerates docs/configuration.md and schema.json from the config schema (`npm run docs`).
// The docs test fails when the committed copies are out of date.
import { writeFileSync } from "node:fs";
import { configReference, jsonSchema } from "../dist/config/docs.js";

writeFileSync(new URL("../docs/configuration.md", import.meta.url), configReference());
writeFileSync(new URL("../schema.json", import.meta.url), JSON.stringify(jsonSchema(), null, 2) + "\n");
console.log("wrote docs/configuration.md and schema.json");
