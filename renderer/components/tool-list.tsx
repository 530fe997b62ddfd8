import type { ToolClassName, ToolInfo } from '../../preload/api';

const GROUPS: { cls: ToolClassName; title: string }[] = [
  { cls: 'financial', title: 'Moves money' },
  { cls: 'private-read', title: 'Reads your account' },
  { cls: 'public', title: 'Public market data' },
];

const MODE_WORDS = { allow: 'Allow', ask: 'Ask me', deny: 'Deny', hidden: 'Hidden' } as const;

export const POLICY_WIDE = '*';

/** The tools grouped by what they can do, each with its running rule at a glance. */
export function ToolList({ tools, selected, onSelect }: { tools: readonly ToolInfo[]; selected: string | undefined; onSelect(name: string): void }) {
  return (
    <nav className="tool-list" aria-label="Tools">
      <button type="button" className={`tool-item${selected === POLICY_WIDE ? ' is-selected' : ''}`} aria-current={selected === POLICY_WIDE ? 'true' : undefined} onClick={() => onSelect(POLICY_WIDE)}>
        <span className="tool-name">Every tool</span>
        <span className="small muted">default, daily cap, global limits</span>
      </button>
      {GROUPS.map((group) => (
        <section key={group.cls} aria-label={group.title}>
          <h3>{group.title}</h3>
          <ul>
            {tools
              .filter((t) => t.class === group.cls)
              .map((t) => (
                <li key={t.name}>
                  <button type="button" className={`tool-item${selected === t.name ? ' is-selected' : ''}`} aria-current={selected === t.name ? 'true' : undefined} onClick={() => onSelect(t.name)} data-testid={`tool-${t.name}`}>
                    <span className="tool-name">
                      {t.name}
                      {t.pin === 'changed' && <span className="badge badge-denied">changed</span>}
                    </span>
                    <span className={`badge mode-${t.rule.mode}`}>{MODE_WORDS[t.rule.mode]}</span>
                    {t.rule.details.length > 0 && <span className="small muted details">{t.rule.details.join(' · ')}</span>}
                  </button>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
