// GB 11643-1999 resident ID numbers for test people: 17 digits and the ISO 7064 MOD 11-2 check
// character (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; remainder 0..10 -> 1 0 X 9 8 7 6 5 4 3 2).
'use strict';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

function checkChar(first17) {
  if (!/^\d{17}$/.test(first17)) throw new Error('need 17 digits, got ' + JSON.stringify(first17));
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

// A valid number for area 110105, born on the given date (YYYYMMDD), with a 3-digit sequence.
function residentId(birthDate, sequence) {
  const first17 = '110105' + birthDate + String(sequence % 1000).padStart(3, '0');
  return first17 + checkChar(first17);
}

module.exports = { checkChar, residentId };
