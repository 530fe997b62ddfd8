import type { RuleNow } from '../../preload/rule-ref';

/**
 * What became of the rule a call-log record names (its link opens the editor here): shown and
 * marked below when it still says what it said; otherwise the editor says it changed or went.
 */
export function RuleTarget({ now, named, path }: { now: RuleNow; named: string; path: string }) {
  if (now.state === 'not-a-rule') return null;
  const text =
    now.state === 'same'
      ? `Rule ${named} is marked below, as it was when it decided the call${now.entry.path === path ? '' : ` (it has moved to ${now.entry.path})`}.`
      : now.state === 'changed'
        ? `Rule ${named} was changed since it decided the call: it is marked below as it is now (at ${now.entry.path}).`
        : now.state === 'removed'
          ? `Rule ${named} was removed since it decided the call (it was at ${path}).`
          : `The record names the rule by its place only (it was written before rules had ids): ${path} is marked below, and may have been changed since.`;
  return (
    <p className={now.state === 'same' ? 'notice' : 'banner warning'} role="status" data-testid="rule-target" data-state={now.state}>
      {text}
    </p>
  );
}
