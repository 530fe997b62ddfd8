// The arguments each kraken-mcp tool takes, from its input schema (main/kraken-mcp/tools.ts, the
// copy of kraken-mcp's tools/list the paper exchange also serves). A policy condition on
// any other argument is a typo: kraken-mcp's schemas allow no additional properties.
import { KRAKEN_MCP_TOOLS } from '../../kraken-mcp/tools.js';
import { argumentPath } from './conditions.js';
import { nearestName } from './issues.js';

const ARGUMENTS: ReadonlyMap<string, readonly string[]> = new Map(KRAKEN_MCP_TOOLS.map((tool) => [tool.name, Object.keys(tool.inputSchema.properties)]));

/**
 * Why an "args.…" path names no argument of a kraken-mcp tool ("add_order takes no argument
 * "Validate" (did you mean "validate"?)"), or undefined when it does, or when the tool is not one
 * of kraken-mcp's (another upstream's tool may take anything) or the path is not an args path.
 */
export function unknownArgument(tool: string, path: string): string | undefined {
  const names = ARGUMENTS.get(tool);
  const first = argumentPath(path)?.[0];
  if (names === undefined || first === undefined || names.includes(first)) return undefined;
  const near = nearestName(first, names);
  const list = names.length === 0 ? 'it takes none' : `it takes ${names.join(', ')}`;
  return `${tool} takes no argument ${JSON.stringify(first)} (${near === undefined ? list : `did you mean "${near}"?`})`;
}
