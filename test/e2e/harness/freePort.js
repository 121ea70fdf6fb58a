// A free TCP port on the loopback interface: let the kernel pick one (listen on 0), then release it.
// (A tiny race remains until code-server binds it; fine for tests on one machine.)
'use strict';
const net = require('net');

/** @returns {Promise<number>} */
function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

module.exports = { freePort };
