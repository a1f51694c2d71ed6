import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lineAtByte, recordStarts } from "../../src/lib/csv-lines.js";

const RFC = { delimiter: ",", quote: '"', escape: '"' };
const lines = (text: string, dialect = RFC) => recordStarts(Buffer.from(text), dialect).map((s) => s.line);

describe("CSV record lines", () => {
  it("a quoted field spans lines; a doubled quote inside it does not close it", () => {
    assert.deepEqual(lines('h1,h2\na,"x\ny"\nb,"say ""hi""\nthere"\nc,z\n'), [2, 4, 6]);
  });

  it("a quote inside an unquoted field is a character, not the start of a quoted field", () => {
    assert.deepEqual(lines('h1,h2\na,5" tube\nb,ok\nc,2" cap\nd,ok\n'), [2, 3, 4, 5]);
  });

  it("with no quote character every line is a record; blank lines and CRLF hold none", () => {
    const noQuote = { delimiter: ",", quote: "", escape: "" };
    assert.deepEqual(lines('h1,h2\r\na,"open\r\n\r\nb,x\r\n', noQuote), [2, 4]);
    assert.deepEqual(lines("h1,h2\na,b"), [2]);
  });

  it("record starts carry byte offsets that give back their line", () => {
    const text = 'h\n"a\nb"\nc\n';
    const buf = Buffer.from(text);
    const starts = recordStarts(buf, RFC);
    assert.deepEqual(starts, [
      { line: 2, byte: 2 },
      { line: 4, byte: 8 },
    ]);
    for (const s of starts) assert.equal(lineAtByte(buf, s.byte), s.line);
  });
});
