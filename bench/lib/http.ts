/**
 * A keep-alive HTTP client for query load: `http.request` through one Agent (keepAlive,
 * maxSockets = the concurrency), so every query reuses a warm connection as a client would.
 */
import http from "node:http";

export interface HttpReply {
  status: number;
  text: string;
}

export class KeepAliveClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(base: string, maxSockets: number) {
    const url = new URL(base);
    if (url.protocol !== "http:") throw new Error(`only http:// URLs are supported, got ${base}`);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** POSTs a prepared JSON body. */
  post(path: string, body: Buffer): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: this.host,
          port: this.port,
          path,
          method: "POST",
          agent: this.agent,
          headers: { "content-type": "application/json", "content-length": body.length },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
          );
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
