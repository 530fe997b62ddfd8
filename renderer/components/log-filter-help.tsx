// Under the Call log's filter box: how to write a filter, so nobody has to read code to use it; or,
// when a word cannot be read, what is wrong with it (and the view shows no calls meanwhile).
import { DECISION_FILTER_WORDS } from '../lib/log-filter';

export function LogFilterHelp({ problems }: { problems: readonly string[] }) {
  if (problems.length)
    return (
      <p id="filter-help" className="log-filter-problem" role="alert">
        {problems.join(' ')}
      </p>
    );
  return (
    <p id="filter-help" className="muted small log-filter-help">
      <code>tool:ticker</code> <code>decision:denied,expired</code> <code>client:NAME</code> <code>since:2h</code> <code>until:2026-11-25</code>{' '}
      narrow the log; any other word searches every field. A minus leaves out: <code>-tool:ticker</code> <code>-word</code>. A call must match every word. Decisions:{' '}
      {DECISION_FILTER_WORDS.join(', ')}.
    </p>
  );
}
