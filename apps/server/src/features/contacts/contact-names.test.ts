import { describe, expect, it } from 'vitest';
import { contactUses } from './contact-names.ts';

const kim = { name: 'Principal Kim', address: 'kim@school.example' };

describe('contactUses', () => {
  it('never replaces a stored name', () => {
    expect(contactUses([kim], [{ name: 'Attacker', address: 'KIM@school.example' }])).toEqual([
      { address: 'kim@school.example', name: 'Principal Kim', setName: false },
    ]);
  });

  it('does not give a name that already names another contact to a new address', () => {
    expect(contactUses([kim], [{ name: 'principal kim ', address: 'kim@evil.example' }])).toEqual([
      { address: 'kim@evil.example', name: '', setName: false },
    ]);
  });

  it('names a new address, and an unnamed known one, when the name is free', () => {
    expect(
      contactUses(
        [{ name: '', address: 'lee@school.example' }],
        [
          { name: 'Teacher Lee', address: 'lee@school.example' },
          { name: 'Park', address: 'park@school.example' },
          { name: 'Park', address: 'park2@school.example' },
          { name: '', address: 'park@school.example' },
        ],
      ),
    ).toEqual([
      { address: 'lee@school.example', name: 'Teacher Lee', setName: true },
      { address: 'park@school.example', name: 'Park', setName: true },
      { address: 'park2@school.example', name: '', setName: false },
    ]);
  });
});
