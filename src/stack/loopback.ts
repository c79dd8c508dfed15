// What a packet keeps when it loops back over lo: loopback_xmit (drivers/net/loopback.c)
// hands the very skb to netif_rx without scrubbing it, so its mark and its conntrack entry
// (skb->_nfct, with the ctinfo it had on the way out) come back in with it, and
// nf_conntrack_in then leaves it alone ("previously seen"). The frame object itself
// travels the event queue, so it is the key; a frame that no longer has its metadata (a
// world saved and loaded again while it was on lo) comes in bare.
import type { ConntrackView, PacketState } from "../netfilter/context.ts";
import type { EthernetFrame } from "../wire/frame.ts";

export interface LoopbackMeta {
  readonly mark: number;
  readonly ct?: ConntrackView;
}

const kept = new WeakMap<EthernetFrame, LoopbackMeta>();

/** Before the frame goes onto lo. */
export function keepOnLoopback(frame: EthernetFrame, pkt: PacketState): void {
  kept.set(frame, { mark: pkt.mark, ...(pkt.ct !== undefined ? { ct: pkt.ct } : {}) });
}

/** When the frame comes in on lo. */
export function takeFromLoopback(frame: EthernetFrame): LoopbackMeta | undefined {
  const meta = kept.get(frame);
  kept.delete(frame);
  return meta;
}
