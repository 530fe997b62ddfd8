// The call log as a virtualized grid: TanStack Table models the columns and rows, TanStack Virtual
// renders only the rows in view, so 100 000 records scroll as smoothly as 100. Rows have one fixed
// height (measuring each would cost more than it gives here).
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { LogRecord } from '../../preload/api';
import { deciderWords } from '../../preload/who-decided';
import { formatDuration, formatTimestamp } from '../lib/format';
import { DecisionBadge } from './decision-badge';

const ROW_HEIGHT = 34;
const features = tableFeatures({});
const helper = createColumnHelper<typeof features, LogRecord>();

function outcome(r: LogRecord): string {
  if (r.txid) return r.txid;
  if (r.outcome.status === 'error') return `error: ${r.outcome.message ?? ''}`;
  if (r.outcome.status === 'not-forwarded') return r.reason ?? '';
  return 'ok';
}

const columns = helper.columns([
  helper.accessor('ts', { header: 'Time', cell: (c) => formatTimestamp(c.getValue()) }),
  helper.accessor((r) => r.client ?? '', { id: 'client', header: 'Agent' }),
  helper.accessor('tool', { header: 'Tool' }),
  helper.accessor('headline', { header: 'Call' }),
  helper.accessor('decision', { header: 'Decision', cell: (c) => <DecisionBadge record={c.row.original} /> }),
  helper.accessor(deciderWords, { id: 'decidedBy', header: 'Decided by' }),
  helper.accessor((r) => formatDuration(r.waitedMs), { id: 'waited', header: 'To decide' }),
  helper.accessor(outcome, { id: 'outcome', header: 'Outcome' }),
]);

interface Props {
  records: readonly LogRecord[];
  selectedId: string | undefined;
  onSelect(id: string | undefined): void;
  /** Called when the user nears the end of what is loaded. */
  onNearEnd(): void;
  onScrolledDown(down: boolean): void;
  footer: string;
}

export function LogTable({ records, selectedId, onSelect, onNearEnd, onScrolledDown, footer }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const table = useTable({ features, columns, data: records as LogRecord[] });
  const rows = table.getRowModel().rows;
  // TanStack Virtual hands out new functions each render, which the React Compiler cannot memoize;
  // this component is not compiled, so nothing is lost.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.original.id ?? index,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (rows.length > 0 && last >= rows.length - 200) onNearEnd();
  }, [last, rows.length, onNearEnd]);

  const selectedIndex = selectedId === undefined ? -1 : rows.findIndex((r) => r.original.id === selectedId);
  const move = (index: number) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    const row = rows[clamped];
    if (!row) return;
    onSelect(row.original.id);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in steps) move((selectedIndex < 0 ? -1 : selectedIndex) + steps[e.key]!);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === 'Escape') onSelect(undefined);
    else return;
    e.preventDefault();
  };

  return (
    <div className="log-table" role="grid" aria-rowcount={rows.length + 1} aria-label="Recorded calls, newest first">
      <div className="log-row log-header" role="row">
        {table.getHeaderGroups()[0]!.headers.map((header) => (
          <div key={header.id} role="columnheader" className={`cell col-${header.column.id}`}>
            <table.FlexRender header={header} />
          </div>
        ))}
      </div>
      <div
        ref={scrollRef}
        className="log-body"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => onScrolledDown(e.currentTarget.scrollTop > ROW_HEIGHT)}
        aria-activedescendant={selectedId ? `log-row-${selectedId}` : undefined}
        data-testid="log-body"
      >
        <div className="log-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            const r = row.original;
            return (
              <div
                key={item.key}
                id={`log-row-${r.id}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={r.id === selectedId}
                className={`log-row decision-${r.decision}`}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(r.id)}
                data-testid="log-row"
              >
                {row.getAllCells().map((cell) => (
                  <div key={cell.id} role="gridcell" className={`cell col-${cell.column.id}`}>
                    <table.FlexRender cell={cell} />
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        <div className="log-footer muted">{footer}</div>
      </div>
    </div>
  );
}
