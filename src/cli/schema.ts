import { defineCommand } from "citty";
import { jsonSchema } from "../config/docs.js";
import { EXIT, type Io } from "./io.js";

export const schemaCommand = (io: Io) =>
  defineCommand({
    meta: { name: "schema", description: "Print the JSON Schema of the config (for YAML editors)" },
    run() {
      io.out(JSON.stringify(jsonSchema(), null, 2));
      return EXIT.ok;
    },
  });
