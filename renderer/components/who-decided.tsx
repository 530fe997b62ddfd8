import type { LogRecord } from '../../preload/api';
import { whoDecided, type NamedRule } from '../../preload/who-decided';
import { routeHash } from '../hooks/use-route';
import { POLICY_WIDE } from './tool-list';

/** Where the rule a record names opens: the rule editor on its tool (a limit across tools: the policy-wide form), told which rule to look for. */
export function ruleHref(tool: string, rule: NamedRule): string {
  const on = /^(all_tools\.)?limits\[\d+\]$/.test(rule.rule) ? POLICY_WIDE : tool;
  return routeHash('rules', { tool: on, rule: rule.rule, id: rule.ruleId, hash: rule.ruleHash });
}

/** "Approved by you (window) after 3.3 s; held by rule r-7kq2 (…)", the rule a link to the rule editor. */
export function WhoDecided({ record }: { record: LogRecord }) {
  return (
    <span className="who-decided" data-testid="who-decided">
      {whoDecided(record).map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <a key={i} href={ruleHref(record.tool, part.rule)} title={part.rule.ruleId ? `${part.rule.ruleId}, at ${part.rule.rule} when it decided` : undefined}>
            <code>{part.rule.name}</code>
          </a>
        ),
      )}
    </span>
  );
}
