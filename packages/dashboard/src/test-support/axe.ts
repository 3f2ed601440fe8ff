import axe from 'axe-core';

/** axe-core looks into open shadow roots: the whole dashboard as a person would meet it. */
export async function violations(): Promise<string[]> {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
