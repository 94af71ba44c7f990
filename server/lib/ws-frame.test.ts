import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textFrame } from './ws-frame.js';

// ws's own framing, which its type definitions do not declare.
const { Sender } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, options: Record<string, boolean | number>): Buffer[] };
};

/** What ws itself puts on the wire for a final, unmasked text message. */
const wsFrame = (payload: Buffer) =>
  Buffer.concat(Sender.frame(payload, { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false }));

describe('textFrame', () => {
  it('is the frame ws sends, at every length class', () => {
    for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
      const payload = Buffer.alloc(n, 0x61);
      expect(textFrame(payload).equals(wsFrame(payload)), `${n} bytes`).toBe(true);
    }
  });

  it('is the frame ws sends, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const payload = Buffer.from(text);
        expect(textFrame(payload).equals(wsFrame(payload))).toBe(true);
      }),
    );
  });
});
