import { expect, test } from 'vitest';
import { routeOf } from '../../../party/workspace/routes';

test('public paths and stub paths map to the same routes, with the widget argument decoded', () => {
  expect(routeOf('GET', 'https://baton.example/parties/workspace/ws1/widget/pb%20one')).toEqual({ route: 'GET widget', arg: 'pb one' });
  expect(routeOf('POST', 'https://baton.example/parties/workspace/ws1/conversations')).toEqual({ route: 'POST conversations', arg: '' });
  expect(routeOf('POST', 'https://baton.example/parties/workspace/ws1/offline').route).toBe('POST offline');
  expect(routeOf('GET', 'https://baton.example/parties/workspace/ws1/records?format=csv').route).toBe('GET records');
  expect(routeOf('POST', 'https://baton.example/parties/workspace/ws1/session').route).toBe('POST session');
  expect(routeOf('POST', 'https://baton.example/parties/workspace/ws1/setup').route).toBe('POST setup');
  expect(routeOf('POST', 'http://stub/internal').route).toBe('POST internal');
  expect(routeOf('POST', 'https://baton.example/parties/workspace/ws1/internal').route).toBe('POST internal');
});

test('unknown routes, wrong methods and the room root answer null; a malformed escape is kept as is', () => {
  expect(routeOf('GET', 'https://baton.example/parties/workspace/ws1/conversations').route).toBeNull();
  expect(routeOf('POST', 'https://baton.example/parties/workspace/ws1/widget/x').route).toBeNull();
  expect(routeOf('GET', 'https://baton.example/parties/workspace/ws1').route).toBeNull();
  expect(routeOf('GET', 'https://baton.example/parties/workspace/ws1/admin').route).toBeNull();
  expect(routeOf('GET', 'https://baton.example/parties/workspace/ws1/widget/%E0%A4%A')).toEqual({ route: 'GET widget', arg: '%E0%A4%A' });
});
