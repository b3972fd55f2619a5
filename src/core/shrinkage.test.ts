import { describe, expect, it } from 'vitest';
import { betaPosterior, fitBetaPrior, fitGammaPrior, gammaPosterior } from './shrinkage.js';

describe('beta-binomial shrinkage', () => {
  it('gives the conjugate posterior with a 90% interval', () => {
    const p = betaPosterior({ alpha: 2, beta: 3 }, { k: 8, n: 10 });
    expect(p.estimate).toBeCloseTo(10 / 15, 10);
    expect(p.low).toBeLessThan(p.estimate);
    expect(p.high).toBeGreaterThan(p.estimate);
    expect(p.probabilityBelow(p.low)).toBeCloseTo(0.05, 6);
    expect(p.probabilityBelow(p.high)).toBeCloseTo(0.95, 6);
  });

  it('pulls a rep with little evidence toward the team and leaves one with much evidence alone', () => {
    const team = [
      { k: 30, n: 50 },
      { k: 28, n: 50 },
      { k: 33, n: 50 },
      { k: 25, n: 50 },
    ];
    const prior = fitBetaPrior(team);
    const newcomer = betaPosterior(prior, { k: 0, n: 2 });
    const veteran = betaPosterior(prior, { k: 150, n: 600 });
    expect(newcomer.estimate).toBeGreaterThan(0.35); // not 0%
    expect(Math.abs(veteran.estimate - 0.25)).toBeLessThan(0.03);
  });

  it('caps the prior strength when reps look alike, so one rep’s evidence still counts', () => {
    const alike = Array.from({ length: 20 }, () => ({ k: 55, n: 100 }));
    const prior = fitBetaPrior(alike, { maxStrength: 40 });
    expect(prior.alpha + prior.beta).toBeCloseTo(40, 6);
  });
});

describe('gamma-Poisson shrinkage', () => {
  it('judges volume per week of tenure: six weeks at the team pace is not "low volume"', () => {
    const team = [
      { count: 150, weeks: 50 },
      { count: 160, weeks: 50 },
      { count: 140, weeks: 50 },
    ];
    const prior = fitGammaPrior([...team, { count: 18, weeks: 6 }]);
    const newHire = gammaPosterior(prior, { count: 18, weeks: 6 });
    expect(newHire.estimate).toBeGreaterThan(2.7);
    expect(newHire.probabilityBelow(3)).toBeLessThan(0.9);
    const slow = gammaPosterior(prior, { count: 60, weeks: 50 });
    expect(slow.probabilityBelow(3)).toBeGreaterThan(0.99);
  });
});
