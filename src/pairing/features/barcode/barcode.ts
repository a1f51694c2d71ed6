/**
 * UPC/EAN barcodes read into label text. A code is a run of 8, 12 or 13 digits (printed groups such as
 * "0 020714 434878" are joined) whose GS1 check digit is valid, so batch numbers and phone numbers rarely
 * pass, and letter sequences such as "ean" in "Peanut" never do.
 */
const DIGIT_RUN = /(?<![\d])\d(?:[ -]?\d){7,13}(?![\d])/g;

export function gs1CheckDigitValid(code: string): boolean {
  if (!/^\d+$/.test(code)) return false;
  let sum = 0;
  const body = code.length - 1;
  for (let i = 0; i < body; i++) {
    const d = code.charCodeAt(body - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10 === code.charCodeAt(body) - 48;
}

/** Valid codes found in a text, as 13-digit GTINs (UPC-A gets its leading zero) or 8-digit EAN-8. */
export function findBarcodes(text: string): string[] {
  if (!text) return [];
  const out = new Set<string>();
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(text); m !== null; m = DIGIT_RUN.exec(text)) {
    const digits = m[0].replace(/[ -]/g, "");
    if (![8, 12, 13].includes(digits.length)) continue;
    if (/^(\d)\1+$/.test(digits)) continue;
    if (!gs1CheckDigitValid(digits)) continue;
    out.add(digits.length === 12 ? `0${digits}` : digits);
  }
  return [...out];
}
