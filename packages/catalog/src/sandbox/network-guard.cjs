// Preloaded (`node --require`) into every thread of a graded test process by
// the grader's sandbox. It refuses TCP connections to anything but this
// machine: the course's pages are served by msw inside the process, so code
// under test has no reason to reach the network, and an answer fetched from
// somewhere else must not count. Every client in Node (http, https, fetch,
// net, tls) opens its socket through net.Socket.prototype.connect, so that
// one method is the gate. It is a guard against the ordinary ways, not a
// wall: code determined to get round it needs a container without network.
'use strict';

const net = require('node:net');

const connect = net.Socket.prototype.connect;

function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // Node's default is localhost
  const name = String(host)
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\./.test(name) || name === '::ffff:127.0.0.1';
}

function target(args) {
  // net.connect() passes its already-normalised [options, callback] array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object') {
    return { host: first.host, port: first.port, path: first.path };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
}

net.Socket.prototype.connect = function connectWithinTheGrader(...args) {
  const where = target(args);
  if (where.path !== undefined || isLoopback(where.host)) return connect.apply(this, args);
  const error = new Error(
    `network access refused by the grader: ${where.host}:${where.port} (only the course's mocked pages can be reached)`,
  );
  error.code = 'ECONNREFUSED';
  process.nextTick(() => this.destroy(error));
  return this;
};
