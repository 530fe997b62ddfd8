import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  /** The question, with what will happen: "3 waiting orders will be refused. Pause?" */
  question: string;
  /** What else the person should know before answering. */
  detail?: ReactNode;
  /** The button that does it, named for what it does ("Pause and refuse them"), never "OK". */
  confirm: string;
  /** The button that leaves things as they are ("Keep trading", "Keep editing"). */
  cancel: string;
  onConfirm(): void;
  onCancel(): void;
  /** Which answer has the focus: the one a stray Enter should give. */
  focus: 'confirm' | 'cancel';
  danger?: boolean;
  testId?: string;
}

/**
 * A question asked in place, next to what it is about, instead of a browser dialog (which an
 * embedded page may not show, and which hides the page the question is about). Escape answers
 * "no", and the focus goes back where it was.
 */
export function ConfirmStrip({ question, detail, confirm, cancel, onConfirm, onCancel, focus, danger = false, testId }: Props) {
  const id = useId();
  const confirmButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const before = useRef<Element | null>(null);
  useEffect(() => {
    before.current = document.activeElement;
    (focus === 'confirm' ? confirmButton : cancelButton).current?.focus();
    // Asked once, when it opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const no = () => {
    const back = before.current;
    onCancel();
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  };
  return (
    <div
      className="confirm-strip"
      role="alertdialog"
      aria-labelledby={`${id}-q`}
      aria-describedby={detail ? `${id}-d` : undefined}
      onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), no())}
      data-testid={testId}
    >
      <strong id={`${id}-q`}>{question}</strong>
      {detail && <p id={`${id}-d`}>{detail}</p>}
      <div className="buttons">
        <button type="button" ref={confirmButton} className={danger ? 'danger' : 'primary'} onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" ref={cancelButton} onClick={no}>
          {cancel}
        </button>
      </div>
    </div>
  );
}
