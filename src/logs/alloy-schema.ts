// The generated Alloy configuration, checked as a zod schema so that `vigil build` reports it like
// any other value: it must parse, and every reference must name a declared component.
import { z } from "zod";
import { AlloySyntaxError, parseAlloy, unresolvedReferences } from "./alloy-syntax.js";

export const alloyConfigSchema = z.string().superRefine((text, ctx) => {
  try {
    for (const ref of unresolvedReferences(parseAlloy(text))) ctx.addIssue({ code: "custom", message: `reference "${ref}" names no component` });
  } catch (e) {
    if (!(e instanceof AlloySyntaxError)) throw e;
    ctx.addIssue({ code: "custom", message: `syntax: ${e.message}` });
  }
});
