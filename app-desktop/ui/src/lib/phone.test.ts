import { describe, expect, it } from 'vitest';
import { cleanCodeInput, cleanPhoneInput, fieldMessage, validMinutes } from './phone';
import { toCommandError } from './types';

describe('phone verification logic', () => {
  it('keeps digits, separators and one leading plus in the number', () => {
    expect(cleanPhoneInput('+62 812-3456 abc7890')).toBe('+62 812-3456 7890');
    expect(cleanPhoneInput('0812+3456')).toBe('08123456');
    expect(cleanPhoneInput('++62')).toBe('+62');
  });

  it('keeps six digits of a code', () => {
    expect(cleanCodeInput(' 12a34-5678')).toBe('123456');
  });

  it('puts a refused field next to its input, in the resident language', () => {
    const error = toCommandError({
      kind: 'invalid_input',
      message: 'x',
      fields: [
        { field: 'code', code: 'otp_invalid', message_id: 'Kode salah.', message_en: 'Wrong code.' },
        { nonsense: true },
      ],
    });
    expect(error.fields).toHaveLength(1);
    expect(fieldMessage(error, 'code', 'id')).toBe('Kode salah.');
    expect(fieldMessage(error, 'code', 'jv')).toBe('Kode salah.');
    expect(fieldMessage(error, 'code', 'en')).toBe('Wrong code.');
    expect(fieldMessage(error, 'phone', 'id')).toBeNull();
    expect(fieldMessage(null, 'phone', 'id')).toBeNull();
  });

  it('an error without fields stays a plain error', () => {
    const error = toCommandError({ kind: 'offline', message: 'x' });
    expect(error.fields).toBeUndefined();
    expect(fieldMessage(error, 'phone', 'id')).toBeNull();
  });

  it('rounds the validity up to whole minutes', () => {
    expect(validMinutes(300)).toBe(5);
    expect(validMinutes(301)).toBe(6);
    expect(validMinutes(0)).toBe(1);
  });
});
