import { expect } from 'chai';
import { isUrl } from '../../src/validate/is-url';

// Expectations follow Go's url.ParseRequestURI, which backs the CEL isURL() the API server runs.
describe('validate/is-url (CEL isURL)', () => {
  const valid = [
    'https://auth.example.com/oauth/token',
    'http://localhost:8080/token',
    'https://[::1]:8443/token',
    'https://user:pa%20ss@auth.example.com/token',
    'https://auth.example.com/a%20b',
    'https://auth.example.com/token?x=%zz',
    'https://auth.example.com',
    'https://auth.example.com:/token',
    '/relative/path',
    'localhost:8080',
    'urn:example:token',
    '*',
  ];
  const invalid = [
    '',
    'auth.example.com/token',
    'token',
    ':8080/token',
    '1http://auth.example.com',
    'https://auth.example.com:port/token',
    'https://auth example.com/token',
    'https://auth.example.com/%zz',
    'https://[::1/token',
    'https://auth.example.com/\ntoken',
    'https://auth%41.example.com/token',
    'https://us er@auth.example.com/token',
  ];
  for (const s of valid) it(`accepts ${JSON.stringify(s)}`, () => expect(isUrl(s)).to.equal(true));
  for (const s of invalid) it(`rejects ${JSON.stringify(s)}`, () => expect(isUrl(s)).to.equal(false));
});
