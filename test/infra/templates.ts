import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NestedStack, type Stack } from "aws-cdk-lib";

type Json = unknown;
export type TemplateJson = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, { Value: Json }>;
};

export type StackTemplates = {
  /** The parent as CloudFormation deploys it: nested stacks are one resource each. */
  parent: TemplateJson;
  /** Each nested stack's own template, as deployed. */
  nested: Record<string, TemplateJson>;
  /**
   * Everything as one template: each nested stack's parameters replaced by what the parent passes them (a
   * nested stack's output followed to the resource behind it), so that assertions about who references what
   * read as in a single stack, wherever CloudFormation's 500-resource limit made us put a construct.
   */
  merged: TemplateJson;
};

const read = (outdir: string, file: string): TemplateJson =>
  JSON.parse(readFileSync(join(outdir, file), "utf8"));

function substitute(
  value: Json,
  refs: Map<string, Json>,
  outputs: (res: string, name: string) => Json,
): Json {
  if (Array.isArray(value)) return value.map((v) => substitute(v, refs, outputs));
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, Json>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === "Ref" && typeof object.Ref === "string" && refs.has(object.Ref)) {
    return refs.get(object.Ref);
  }
  if (keys.length === 1 && keys[0] === "Fn::GetAtt") {
    const [res, attribute] = object["Fn::GetAtt"] as [string, string];
    const followed = attribute.startsWith("Outputs.") ? outputs(res, attribute.slice(8)) : undefined;
    if (followed !== undefined) return followed;
  }
  return Object.fromEntries(keys.map((k) => [k, substitute(object[k], refs, outputs)]));
}

export function readStackTemplates(outdir: string, stack: Stack): StackTemplates {
  const parent = read(outdir, stack.templateFile);
  const nestedStacks = stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c));
  const byResource = new Map<string, { file: string; template: TemplateJson }>();
  for (const nested of nestedStacks) {
    const resourceId = stack.resolve(nested.nestedStackResource?.logicalId) as string;
    byResource.set(resourceId, { file: nested.templateFile, template: read(outdir, nested.templateFile) });
  }
  const outputs = (res: string, name: string): Json => {
    const target = byResource.get(res);
    return target ? substitute(target.template.Outputs?.[name]?.Value, new Map(), outputs) : undefined;
  };
  const merged: TemplateJson = { Resources: { ...parent.Resources } };
  for (const [resourceId, { template }] of byResource) {
    const passed = (parent.Resources[resourceId]?.Properties?.Parameters ?? {}) as Record<string, Json>;
    const refs = new Map(
      Object.entries(passed).map(([name, v]) => [name, substitute(v, new Map(), outputs)]),
    );
    Object.assign(
      merged.Resources,
      substitute(template.Resources, refs, outputs) as TemplateJson["Resources"],
    );
  }
  merged.Resources = substitute(merged.Resources, new Map(), outputs) as TemplateJson["Resources"];
  merged.Outputs = substitute(parent.Outputs ?? {}, new Map(), outputs) as TemplateJson["Outputs"];
  const nested = Object.fromEntries([...byResource.values()].map(({ file, template }) => [file, template]));
  return { parent, nested, merged };
}
