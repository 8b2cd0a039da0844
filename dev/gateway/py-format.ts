/**
 * LiteLLM is Python: its messages and headers print numbers, datetimes and lists the way Python's
 * `str()` does. Clients match on these texts, so the simulator prints them the same way.
 */

/** `str(float)`: shortest round-trip digits, `5.0` not `5`, exponent form below 1e-4 (`6.5e-05`). */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // Without an argument toExponential gives exactly the digits needed to round-trip, like repr().
  const [mantissa = '', exponentText = '0'] = Math.abs(x).toExponential().split('e');
  const exponent = Number(exponentText);
  const digits = mantissa.replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${head}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intDigits = exponent + 1;
  if (digits.length <= intDigits) return `${sign}${digits.padEnd(intDigits, '0')}.0`;
  return `${sign}${digits.slice(0, intDigits)}.${digits.slice(intDigits)}`;
}

function utcParts(ms: number): { date: string; time: string; micros: string } {
  const iso = new Date(ms).toISOString(); // 2026-08-01T00:00:00.123Z
  const millis = iso.slice(20, 23);
  return { date: iso.slice(0, 10), time: iso.slice(11, 19), micros: millis === '000' ? '' : `.${millis}000` };
}

/** `str(datetime)` of an aware UTC datetime: `2026-09-21 22:27:58.096000+00:00`. */
export function pyDatetime(ms: number): string {
  const { date, time, micros } = utcParts(ms);
  return `${date} ${time}${micros}+00:00`;
}

/** The ISO form LiteLLM's JSON carries for datetimes (contract §3.1): `2026-08-01T00:00:00Z`. */
export function isoUtc(ms: number): string {
  const { date, time, micros } = utcParts(ms);
  return `${date}T${time}${micros}Z`;
}

/** `strftime("%Y-%m-%d %H:%M:%S UTC")`, as the rate limiter prints its reset time. */
export function pyResetTime(ms: number): string {
  const { date, time } = utcParts(ms);
  return `${date} ${time} UTC`;
}

function pyRepr(s: string): string {
  const escaped = s.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
  if (s.includes("'") && !s.includes('"')) return `"${escaped}"`;
  return `'${escaped.replaceAll("'", "\\'")}'`;
}

/** `str(list_of_str)`: `['a', 'b']`. */
export function pyStrList(items: readonly string[]): string {
  return `[${items.map(pyRepr).join(', ')}]`;
}

/** `str(dict_of_str)`: `{'error': '…'}`, as LiteLLM stringifies an HTTPException's detail. */
export function pyStrDict(entries: Record<string, string>): string {
  return `{${Object.entries(entries)
    .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
    .join(', ')}}`;
}
