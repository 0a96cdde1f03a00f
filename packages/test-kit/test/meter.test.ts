import { describe, expect, test } from 'vitest';
import { RequestMeter } from '../src/meter.ts';

describe('RequestMeter', () => {
  test('counts the peak of overlapping requests and numbers repeat attempts', () => {
    const meter = new RequestMeter();
    const a = meter.start('https://x.test/a');
    const b = meter.start('https://x.test/b');
    expect(meter.inFlight).toBe(2);
    meter.end(a, 'answered', 200);
    const a2 = meter.start('https://x.test/a');
    meter.end(b, 'refused', 503);
    meter.end(a2, 'answered', 200);

    expect(meter.peakInFlight).toBe(2);
    expect(meter.inFlight).toBe(0);
    expect(a2.attempt).toBe(2);
    expect(meter.arrivalOrder).toEqual(['https://x.test/a', 'https://x.test/b', 'https://x.test/a']);
  });

  test('ends a visit only once', () => {
    const meter = new RequestMeter();
    const visit = meter.start('https://x.test/a');
    meter.end(visit, 'abandoned');
    meter.end(visit, 'answered', 200);
    expect(visit.outcome).toBe('abandoned');
    expect(meter.inFlight).toBe(0);
  });

  test('draws a timeline with one row per request', () => {
    const meter = new RequestMeter();
    meter.end(meter.start('https://x.test/01-brackenford'), 'answered', 200);
    meter.start('https://x.test/02-highcairn');
    const picture = meter.timeline(20);
    expect(picture).toContain('/01-brackenford 1');
    expect(picture).toContain('/02-highcairn 1');
    expect(picture).toContain('peak in flight: 1');
    expect(picture.split('\n')).toHaveLength(4);
  });

  test('says so when nothing arrived', () => {
    expect(new RequestMeter().timeline()).toContain('no request reached the server');
  });
});
