// Preloaded into the comparison gateway's Node process (node --import): every server it starts listens on
// 127.0.0.1 only. The gateway binds every interface and has no setting for it; benchmarks bind loopback only.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args.length > 0 && typeof args[0] === 'object' && args[0] !== null) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  } else if (typeof args[0] === 'number') {
    const rest = args.slice(1).filter((arg) => typeof arg !== 'string' && arg !== undefined);
    args = [args[0], '127.0.0.1', ...rest];
  }
  return listen.apply(this, args);
};
