// Values that a chart passes through Helm's `tpl` (Vector's customConfig, Alloy's config, Loki's
// structuredConfig) are templates: a literal `{{ ... }}` in them, such as the Loki sink's label
// templates `{{ pod }}`, would be run as a Helm function and fail the render. Each brace pair is
// written as a Go-template string action that prints it, so `tpl` gives back the original text.

const ESCAPED = { "{{": '{{ "{{" }}', "}}": '{{ "}}" }}' } as const;

/** The string, escaped so that Helm's `tpl` renders it unchanged. */
export const literalForTpl = (text: string): string => text.replace(/\{\{|\}\}/g, (m) => ESCAPED[m as keyof typeof ESCAPED]);

/** What `tpl` makes of an escaped string: the original (test/render.test.ts proves it with Helm). */
export const afterTpl = (text: string): string => text.replaceAll(ESCAPED["{{"], "{{").replaceAll(ESCAPED["}}"], "}}");

/** A value as the chart's `tpl` hands it to the program, for the checks of its configuration. */
export function valuesAfterTpl<T>(value: T): T {
  if (typeof value === "string") return afterTpl(value) as T;
  if (Array.isArray(value)) return value.map(valuesAfterTpl) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [afterTpl(k), valuesAfterTpl(v)])) as T;
  return value;
}

/** Every string inside a value (keys too), escaped for `tpl`. */
export function valuesForTpl<T>(value: T): T {
  if (typeof value === "string") return literalForTpl(value) as T;
  if (Array.isArray(value)) return value.map(valuesForTpl) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [literalForTpl(k), valuesForTpl(v)])) as T;
  return value;
}
