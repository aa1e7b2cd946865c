/** Selector chains: the first selector that matches wins. */
import type { SelectorChain } from '../connectors/types';

export function firstMatch(root: ParentNode, chain: SelectorChain): Element | null {
  for (const sel of chain) {
    const el = root.querySelector(sel);
    if (el) return el;
  }
  return null;
}
