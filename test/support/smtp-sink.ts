import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";

/** A received message: envelope and the raw DATA (headers and body). */
export interface SunkMail {
  from: string;
  to: string[];
  data: string;
}

/**
 * The smallest SMTP server a real client (nodemailer) talks to: no TLS, no auth,
 * every message accepted and kept, so tests read what would have been sent.
 */
export async function smtpSink(): Promise<{ url: string; mails: SunkMail[]; close(): Promise<void> }> {
  const mails: SunkMail[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let current: SunkMail = { from: "", to: [], data: "" };
    let inData = false;
    let buffer = "";
    socket.write("220 sink ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let at = buffer.indexOf("\r\n");
      while (at >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            mails.push(current);
            current = { from: "", to: [], data: "" };
            socket.write("250 queued\r\n");
          } else current.data += `${line.startsWith("..") ? line.slice(1) : line}\n`;
        } else {
          const cmd = line.slice(0, 4).toUpperCase();
          if (cmd === "EHLO" || cmd === "HELO") socket.write("250-sink\r\n250 8BITMIME\r\n");
          else if (cmd === "MAIL") {
            current.from = line.slice(10).trim();
            socket.write("250 ok\r\n");
          } else if (cmd === "RCPT") {
            current.to.push(line.slice(8).trim());
            socket.write("250 ok\r\n");
          } else if (cmd === "DATA") {
            inData = true;
            socket.write("354 go ahead\r\n");
          } else if (cmd === "QUIT") socket.end("221 bye\r\n");
          else socket.write("250 ok\r\n");
        }
        at = buffer.indexOf("\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
