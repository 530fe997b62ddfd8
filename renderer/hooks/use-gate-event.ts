import { useEffect, useRef } from 'react';
import type { GateEvent } from '../../preload/api';
import { getBridge } from '../bridge';

/** Calls `listener` for each event of the core while the component is mounted. */
export function useGateEvent(listener: (event: GateEvent) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  // The subscription's disposer is the effect's cleanup: a remount must not leave a listener behind.
  useEffect(() => getBridge().onEvent((event) => latest.current(event)), []);
}
