/**
 * The server side of SPDY/3 as Kubernetes streams use it (moby/spdystream, the framer in its `spdy/`
 * package: https://github.com/moby/spdystream/blob/main/spdy/read.go and write.go): the client opens
 * streams with SYN_STREAM, the server answers each with SYN_REPLY, both send DATA frames and end
 * their half with FLAG_FIN; PING is echoed, GOAWAY ends the session, SETTINGS and WINDOW_UPDATE are
 * ignored (spdystream does no flow control).
 *
 * Frames (SPDY/3, draft-mbelshe-httpbis-spdy-00 §2.2): control `1|version(15)|type(16)`,
 * `flags(8)|length(24)`; data `0|stream-id(31)`, `flags(8)|length(24)`. Header blocks are one zlib
 * stream per direction with the SPDY/3 dictionary, flushed per frame. Incoming blocks are inflated
 * from the whole stream so far (they are small: a port-forward stream carries three headers);
 * outgoing blocks are zlib *stored* blocks, which any inflater reads without the dictionary.
 */
import { constants, inflateSync } from 'node:zlib';

const VERSION = 3;
export const SYN_STREAM = 1;
export const SYN_REPLY = 2;
export const RST_STREAM = 3;
export const SETTINGS = 4;
export const PING = 6;
export const GOAWAY = 7;
export const HEADERS = 8;
export const WINDOW_UPDATE = 9;
export const FLAG_FIN = 0x01;
/** RST_STREAM status codes (spdy/types.go). */
export const RST_PROTOCOL_ERROR = 1;
export const RST_CANCEL = 5;

const MAX_DATA = 16 * 1024;

/** The SPDY/3 header dictionary (draft-mbelshe-httpbis-spdy-00 §2.6.10.1): length-prefixed words, then a tail. */
// biome-ignore format: a word list
const WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding',
  'accept-language', 'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection',
  'content-base', 'content-encoding', 'content-language', 'content-length', 'content-location',
  'content-md5', 'content-range', 'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host',
  'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since', 'last-modified',
  'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
  'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via',
  'warning', 'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url',
  'public', 'set-cookie', 'keep-alive', 'origin',
];
const TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized' +
  '403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,' +
  'text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

export const SPDY3_DICTIONARY: Buffer = Buffer.concat([
  ...WORDS.map((w) => {
    const b = Buffer.alloc(4 + w.length);
    b.writeUInt32BE(w.length, 0);
    b.write(w, 4, 'latin1');
    return b;
  }),
  Buffer.from(TAIL, 'latin1'),
]);

export type SpdyHeaders = Record<string, string[]>;

/** Encodes a header block (before compression): count, then length-prefixed names and NUL-joined values. */
export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n, 0);
    return b;
  };
  const entries = Object.entries(headers);
  parts.push(u32(entries.length));
  for (const [name, values] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(values.join('\0'), 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Decodes an uncompressed header block; throws on truncation. */
export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  let at = 0;
  const u32 = () => {
    if (at + 4 > block.length) throw new Error('truncated header block');
    const v = block.readUInt32BE(at);
    at += 4;
    return v;
  };
  const bytes = (n: number) => {
    if (at + n > block.length) throw new Error('truncated header block');
    const s = block.subarray(at, at + n).toString('utf8');
    at += n;
    return s;
  };
  const count = u32();
  const out: SpdyHeaders = {};
  for (let i = 0; i < count; i++) {
    const name = bytes(u32()).toLowerCase();
    const value = bytes(u32());
    out[name] = [...(out[name] ?? []), ...value.split('\0')];
  }
  return out;
}

/**
 * Outgoing header compression: a zlib stream of stored (uncompressed) deflate blocks, never final,
 * each block followed by the empty stored block a Z_SYNC_FLUSH writes: Go's inflater (compress/flate)
 * hands out a stored block's bytes only at that empty marker or when it needs more input, and a
 * frame's header reader gives it no more.
 */
export class HeaderDeflater {
  private started = false;
  compress(block: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) {
      parts.push(Buffer.from([0x78, 0x01])); // CMF/FLG: deflate, 32K window, no preset dictionary
      this.started = true;
    }
    const stored = (chunk: Buffer) => {
      const head = Buffer.alloc(5); // BFINAL=0, BTYPE=00 (stored), padded to the byte; LEN; NLEN
      head.writeUInt16LE(chunk.length, 1);
      head.writeUInt16LE(~chunk.length & 0xffff, 3);
      parts.push(head, chunk);
    };
    for (let at = 0; at < block.length; at += 0xffff) stored(block.subarray(at, at + 0xffff));
    stored(Buffer.alloc(0));
    return Buffer.concat(parts);
  }
}

/** Incoming header decompression: one zlib stream (with the SPDY/3 dictionary) across frames. */
export class HeaderInflater {
  private input: Buffer = Buffer.alloc(0);
  private produced = 0;
  decompress(block: Buffer): Buffer {
    this.input = Buffer.concat([this.input, block]);
    const all = inflateSync(this.input, {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    const out = all.subarray(this.produced);
    this.produced = all.length;
    return Buffer.from(out);
  }
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(((flags & 0xff) << 24) | payload.length, 4);
  return Buffer.concat([head, payload]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(((flags & 0xff) << 24) | data.length, 4);
  return Buffer.concat([head, data]);
}

export type Frame =
  | { control: true; type: number; flags: number; payload: Buffer }
  | { control: false; streamId: number; flags: number; data: Buffer };

/** Splits a byte stream into frames; keeps a partial frame for the next chunk. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.buf.length >= 8) {
      const length = this.buf.readUInt32BE(4) & 0xffffff;
      if (this.buf.length < 8 + length) break;
      const flags = this.buf[4];
      const body = Buffer.from(this.buf.subarray(8, 8 + length));
      const first = this.buf.readUInt32BE(0);
      if (first & 0x80000000) frames.push({ control: true, type: first & 0xffff, flags, payload: body });
      else frames.push({ control: false, streamId: first & 0x7fffffff, flags, data: body });
      this.buf = this.buf.subarray(8 + length);
    }
    return frames;
  }
}

/** The byte pipe a session runs over: a raw upgraded socket, or a WebSocket tunnel. */
export interface SpdyTransport {
  write(bytes: Buffer): void;
  close(): void;
}

export interface SpdyStream {
  readonly id: number;
  readonly headers: SpdyHeaders;
  header(name: string): string | undefined;
  write(data: Buffer): void;
  /** Ends our half (an empty DATA frame with FLAG_FIN). */
  end(): void;
  reset(status?: number): void;
  /** Data from the client; `null` when it ended its half (or reset the stream). */
  onData?: (chunk: Buffer | null) => void;
}

/** One SPDY/3 connection, server side: every SYN_STREAM is answered and handed to `onStream`. */
export class SpdyServerSession {
  private readonly reader = new FrameReader();
  private readonly inflater = new HeaderInflater();
  private readonly deflater = new HeaderDeflater();
  private readonly streams = new Map<number, SpdyStream & { ended: boolean; remoteEnded: boolean }>();
  private closed = false;

  constructor(
    private readonly transport: SpdyTransport,
    private readonly onStream: (stream: SpdyStream) => void,
    private readonly onClose: () => void = () => {},
  ) {}

  /** Bytes from the client. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
      for (const f of frames) this.handle(f);
    } catch {
      this.goAway(1); // a frame or header block that does not parse: PROTOCOL_ERROR
    }
  }

  /** The transport went away. */
  transportClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) if (!s.remoteEnded) s.onData?.(null);
    this.streams.clear();
    this.onClose();
  }

  close(): void {
    this.goAway(0);
  }

  private goAway(status: number): void {
    if (this.closed) return;
    const p = Buffer.alloc(8);
    p.writeUInt32BE(0, 0);
    p.writeUInt32BE(status, 4);
    this.send(controlFrame(GOAWAY, 0, p));
    this.transport.close();
    this.transportClosed();
  }

  private send(bytes: Buffer): void {
    if (!this.closed) this.transport.write(bytes);
  }

  private handle(f: Frame): void {
    if (!f.control) {
      const s = this.streams.get(f.streamId);
      if (!s) return;
      if (f.data.length) s.onData?.(f.data);
      if (f.flags & FLAG_FIN) this.remoteEnd(s);
      return;
    }
    switch (f.type) {
      case SYN_STREAM: {
        const id = f.payload.readUInt32BE(0) & 0x7fffffff;
        const headers = decodeHeaderBlock(this.inflater.decompress(f.payload.subarray(10)));
        this.openStream(id, headers, (f.flags & FLAG_FIN) !== 0);
        return;
      }
      case HEADERS:
        this.inflater.decompress(f.payload.subarray(4)); // keeps the zlib stream in step
        return;
      case RST_STREAM: {
        const s = this.streams.get(f.payload.readUInt32BE(0) & 0x7fffffff);
        if (s) {
          s.ended = true;
          this.remoteEnd(s);
        }
        return;
      }
      case PING:
        this.send(controlFrame(PING, 0, f.payload.subarray(0, 4)));
        return;
      case GOAWAY:
        this.transport.close();
        this.transportClosed();
        return;
      default:
        return; // SETTINGS, WINDOW_UPDATE, SYN_REPLY from a client: nothing to do
    }
  }

  private remoteEnd(s: { id: number; remoteEnded: boolean; ended: boolean; onData?: SpdyStream['onData'] }) {
    if (s.remoteEnded) return;
    s.remoteEnded = true;
    s.onData?.(null);
    if (s.ended) this.streams.delete(s.id);
  }

  private openStream(id: number, headers: SpdyHeaders, fin: boolean): void {
    const session = this;
    const stream = {
      id,
      headers,
      ended: false,
      remoteEnded: false,
      onData: undefined as SpdyStream['onData'],
      header(name: string) {
        return headers[name.toLowerCase()]?.[0];
      },
      write(data: Buffer) {
        if (stream.ended) return;
        for (let at = 0; at < data.length; at += MAX_DATA)
          session.send(dataFrame(id, 0, data.subarray(at, at + MAX_DATA)));
      },
      end() {
        if (stream.ended) return;
        stream.ended = true;
        session.send(dataFrame(id, FLAG_FIN, Buffer.alloc(0)));
        if (stream.remoteEnded) session.streams.delete(id);
      },
      reset(status = RST_CANCEL) {
        if (stream.ended && stream.remoteEnded) return;
        const p = Buffer.alloc(8);
        p.writeUInt32BE(id, 0);
        p.writeUInt32BE(status, 4);
        session.send(controlFrame(RST_STREAM, 0, p));
        stream.ended = true;
        stream.remoteEnded = true;
        session.streams.delete(id);
      },
    };
    this.streams.set(id, stream);
    const reply = Buffer.alloc(4);
    reply.writeUInt32BE(id, 0);
    this.send(
      controlFrame(SYN_REPLY, 0, Buffer.concat([reply, this.deflater.compress(encodeHeaderBlock({}))])),
    );
    this.onStream(stream);
    if (fin) this.remoteEnd(stream);
  }
}
