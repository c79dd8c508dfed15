// Ethernet (EUI-48) addresses, kept as lower-case "aa:bb:cc:dd:ee:ff" strings: that is how
// iproute2, iptables' --mac-source and tcpdump print them, and strings serialise as JSON.

export type Mac = string;

export const BROADCAST_MAC: Mac = "ff:ff:ff:ff:ff:ff";
export const ZERO_MAC: Mac = "00:00:00:00:00:00";

export function macFromBytes(b: ArrayLike<number>, at = 0): Mac {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push((b[at + i] ?? 0).toString(16).padStart(2, "0"));
  return parts.join(":");
}

export function macToBytes(mac: Mac): number[] {
  return mac.split(":").map((h) => parseInt(h, 16));
}

/** Six colon-separated hex bytes of one or two digits, as ether_aton accepts. */
export function parseMac(text: string): Mac | undefined {
  const parts = text.split(":");
  if (parts.length !== 6 || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
  return parts.map((p) => p.toLowerCase().padStart(2, "0")).join(":");
}

/** The first three bytes, the IEEE organisationally unique identifier. */
export function macOui(mac: Mac): number {
  const b = macToBytes(mac);
  return ((b[0] ?? 0) << 16) | ((b[1] ?? 0) << 8) | (b[2] ?? 0);
}
