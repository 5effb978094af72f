// openconnect --script-tun helper for tests. openconnect hands this script one end of an AF_UNIX
// datagram socketpair in $VPNFD; each datagram is one raw IP packet. The script connects to the test
// on 127.0.0.1:$TUN_BRIDGE_PORT and relays packets both ways, each framed as a 2-byte length plus the
// packet. The first frame is a JSON object with the environment openconnect gave the script.
import fs from 'node:fs';
import net from 'node:net';

const fd = Number(process.env.VPNFD);
// A libuv worker blocked in read() on the socketpair keeps process.exit() from returning (libuv joins
// its threads at exit), so the bridge ends itself with SIGKILL.
const die = () => process.kill(process.pid, 'SIGKILL');
const port = Number(process.env.TUN_BRIDGE_PORT);
const sock = net.connect(port, '127.0.0.1');

function frame(buf) {
  const h = Buffer.alloc(2);
  h.writeUInt16BE(buf.length);
  return Buffer.concat([h, buf]);
}

const env = {};
for (const [k, v] of Object.entries(process.env)) {
  if (/^(INTERNAL_IP|CISCO_|VPNGATEWAY|VPNPID|TUNDEV|IDLE_TIMEOUT|LOG_LEVEL|reason)/.test(k)) env[k] = v;
}
env.BRIDGE_PID = String(process.pid);
sock.write(frame(Buffer.from(JSON.stringify(env))));

// The datagram fd may be non-blocking; poll on EAGAIN instead of spinning.
const rbuf = Buffer.alloc(65536);
function readLoop() {
  fs.read(fd, rbuf, 0, rbuf.length, null, (err, n) => {
    if (err) {
      if (err.code === 'EAGAIN' || err.code === 'EWOULDBLOCK') { setTimeout(readLoop, 5); return; }
      die();
    }
    if (n === 0) die();
    sock.write(frame(Buffer.from(rbuf.subarray(0, n))));
    readLoop();
  });
}
readLoop();

function writePacket(p, tries = 0) {
  try {
    fs.writeSync(fd, p);
  } catch (e) {
    if ((e.code === 'EAGAIN' || e.code === 'EWOULDBLOCK') && tries < 200) setTimeout(() => writePacket(p, tries + 1), 5);
  }
}

let acc = Buffer.alloc(0);
sock.on('data', (c) => {
  acc = Buffer.concat([acc, c]);
  while (acc.length >= 2) {
    const len = acc.readUInt16BE(0);
    if (acc.length < 2 + len) break;
    writePacket(Buffer.from(acc.subarray(2, 2 + len)));
    acc = acc.subarray(2 + len);
  }
});
sock.on('close', () => die());
sock.on('error', () => die());
process.on('SIGHUP', () => die());
// openconnect signals the script's process group at exit, but a signal sent while this process was
// still starting can be missed, and a datagram socket gives no EOF: watch openconnect itself.
const parent = Number(process.env.VPNPID);
if (parent) setInterval(() => { try { process.kill(parent, 0); } catch { die(); } }, 250);
