import { describe, expect, it } from 'vitest';
import { buildLineLinks, LINK_COLOURS } from './lineLinks';

describe('buildLineLinks', () => {
  it('indexes the map both ways, dropping duplicates and non-positive lines', () => {
    const l = buildLineLinks([[1, 2], [2, 2], [3, 3], [3, 4], [3, 4], [0, 1], [5, -1]]);
    expect([...l.srcToOut]).toEqual([[1, [2]], [2, [2]], [3, [3, 4]]]);
    expect([...l.outToSrc]).toEqual([[2, [1, 2]], [3, [3]], [4, [3]]]);
  });

  it('gives neighbouring source lines different colours, rotating', () => {
    const l = buildLineLinks(Array.from({ length: LINK_COLOURS + 2 }, (_, i) => [i + 1, i + 1] as [number, number]));
    expect([...l.colour.values()]).toEqual([0, 1, 2, 3, 4, 5, 0, 1]);
  });
});
