// IPv4 arithmetic for pools and rules.
export function ipToNum(a: string): number {
  const p = a.split('.');
  return ((+p[0] << 24) >>> 0) + (+p[1] << 16) + (+p[2] << 8) + +p[3];
}

export function numToIp(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function inSubnet(addr: string, net: string, mask: string): boolean {
  const m = ipToNum(mask);
  return ((ipToNum(addr) & m) >>> 0) === ((ipToNum(net) & m) >>> 0);
}
