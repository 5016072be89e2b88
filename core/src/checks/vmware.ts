/**
 * VMX001: VMware's own VM configuration files also end in .vmx
 * (`config.version = "8"`, `virtualHW.version = "19"`, `key = "value"`
 * lines). Such a file gets one information message and nothing else.
 */

const KEY_VALUE = /^\s*[A-Za-z0-9_.:-]+\s*=\s*"[^"\n]*"\s*$/;
const VMWARE_KEYS = /^\s*(\.encoding|config\.version|virtualHW\.version|displayName|guestOS|memsize|numvcpus)\s*=/im;

/** True when the text looks like a VMware configuration rather than a topology. */
export function isVmwareConfig(text: string): boolean {
  if (text.includes('{')) return false;
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let keyValues = 0;
  let other = 0;
  for (const line of sample.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (KEY_VALUE.test(line)) keyValues++;
    else other++;
  }
  if (keyValues === 0 || other > keyValues / 10) return false;
  return VMWARE_KEYS.test(sample) || keyValues >= 3;
}

/** The key/value pairs of a VMware configuration, for conversion to a topology. */
export function parseVmwareConfig(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z0-9_.:-]+)\s*=\s*"([^"\n]*)"\s*$/.exec(line);
    if (m) values.set(m[1].toLowerCase(), m[2]);
  }
  return values;
}
