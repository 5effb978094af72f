// The values `anyconnect-custom-data` may take for the custom attributes the client understands.
/**
 * The custom attributes the client understands, with their valid values (Secure Client guide,
 * deferred update and DSCP; values are case-sensitive). Other types take any value.
 */
const CUSTOM_VALUES: Record<string, { ok: (v: string) => boolean; valid: string }> = {
  DeferredUpdateAllowed: { ok: (v) => v === 'true' || v === 'false', valid: 'true, false' },
  DeferredUpdateMinimumVersion: { ok: (v) => /^\d{1,5}\.\d{1,5}\.\d{1,5}$/.test(v), valid: 'x.y.z' },
  DeferredUpdateDismissTimeout: { ok: (v) => /^\d{1,3}$/.test(v) && Number(v) <= 300, valid: '0-300 (seconds)' },
  DeferredUpdateDismissResponse: { ok: (v) => v === 'defer' || v === 'update', valid: 'defer, update' },
  DSCPPreservationAllowed: { ok: (v) => v === 'true' || v === 'false', valid: 'true, false' },
  UseLocalProfileAsAlternative: { ok: (v) => v === 'true' || v === 'false', valid: 'true, false' },
};

export function customValueError(type: string, value: string): string | undefined {
  const rule = CUSTOM_VALUES[type];
  if (!rule || rule.ok(value)) return undefined;
  return `ERROR: Invalid value "${value}" for custom attribute ${type}. Valid values: ${rule.valid}`;
}

