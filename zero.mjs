import { open, constants, createReadStream, fstat } from 'node:fs';
const fd = await new Promise((res, rej) => open('/dev/zero', constants.O_RDONLY | constants.O_NONBLOCK, (e, fd) => e ? rej(e) : res(fd)));
const s = createReadStream('', { fd });
let n = 0;
for await (const c of s) { n += c.length; if (n > 1e6) { s.destroy(); break; } }
console.log(n);
