/** A minimal SMTP server that reads a whole message and then drops the connection without replying (the ambiguous case). */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A running dropping server: how many messages it read in full. */
export interface DroppingServer {
  port: number;
  messagesRead(): number;
  close(): Promise<void>;
}

/** Starts the server on a free port. */
export async function startDroppingServer(): Promise<DroppingServer> {
  let read = 0;
  const server = net.createServer((socket) => {
    let inData = false;
    let buffer = '';
    socket.write('220 dropper ESMTP\r\n');
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      if (inData) {
        if (!buffer.includes('\r\n.\r\n')) return;
        read += 1;
        socket.destroy(); // the message is here; the client never hears back
        return;
      }
      let newline: number;
      while ((newline = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, newline).toUpperCase();
        buffer = buffer.slice(newline + 2);
        if (line.startsWith('EHLO')) socket.write('250-dropper\r\n250 8BITMIME\r\n');
        else if (line.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
          return;
        } else socket.write('250 OK\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    messagesRead: () => read,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
