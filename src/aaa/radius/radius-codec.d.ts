// The part of the `radius` package (no bundled types) that headend calls.
declare module 'radius' {
  interface EncodeArgs {
    code: string;
    identifier?: number;
    secret: string;
    attributes: unknown[];
    add_message_authenticator?: boolean;
  }
  interface Decoded { code: string; identifier: number; attributes: Record<string, unknown> }
  const radius: {
    add_dictionary(file: string): void;
    encode(args: EncodeArgs): Buffer;
    decode(args: { packet: Buffer; secret: string }): Decoded;
    decode_without_secret(args: { packet: Buffer }): Decoded;
  };
  export default radius;
}
