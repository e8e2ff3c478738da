import { unsupportedFigures } from './summary-guard';

const BODY = 'Microsoft said it would spend about $80 billion in fiscal 2025. A cluster held 100,000 GPUs, up 12.5% on the year.';

describe('unsupportedFigures', () => {
  it('finds nothing to object to in a summary whose figures all come from the article', () => {
    expect(unsupportedFigures('Microsoft plans $80bn of spending in 2025; one cluster has 100,000 GPUs (12.5% more).', BODY)).toEqual([]);
  });

  it('names each figure the article does not contain', () => {
    expect(unsupportedFigures('Microsoft will spend $90 billion, and 200,000 GPUs are planned for 2025.', BODY)).toEqual(['90', '200000']);
  });

  it('compares numbers, not their formatting', () => {
    expect(unsupportedFigures('A cluster of 100000 GPUs.', BODY)).toEqual([]);
    expect(unsupportedFigures('Growth of 12.50%.', BODY)).toEqual([]);
    expect(unsupportedFigures('Growth of 12.6%.', BODY)).toEqual(['12.6']);
  });

  it('ignores Markdown around the numbers', () => {
    expect(unsupportedFigures('**$80** billion', BODY)).toEqual([]);
  });
});
