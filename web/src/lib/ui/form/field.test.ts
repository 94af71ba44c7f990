import { describe, expect, it } from 'vitest';
import { controlAttributes } from './field';

describe('controlAttributes', () => {
  it('leaves a valid control without a hint undescribed and not invalid', () => {
    expect(controlAttributes('edit-name', {})).toEqual({
      id: 'edit-name',
      'aria-invalid': undefined,
      'aria-describedby': undefined,
    });
  });

  it('describes a control by its hint, then by its error, and marks it invalid', () => {
    expect(controlAttributes('policy-reason', { hint: true })['aria-describedby']).toBe('policy-reason-hint');
    expect(controlAttributes('policy-reason', { hint: true, error: true })).toEqual({
      id: 'policy-reason',
      'aria-invalid': 'true',
      'aria-describedby': 'policy-reason-hint policy-reason-error',
    });
  });

  it('reads the ids it is given before its own hint and error', () => {
    expect(controlAttributes('edit-leader-name', { describedby: 'leader-hint' })['aria-describedby']).toBe('leader-hint');
    expect(controlAttributes('edit-leader-name', { describedby: 'leader-hint', error: true })['aria-describedby']).toBe(
      'leader-hint edit-leader-name-error',
    );
  });
});
